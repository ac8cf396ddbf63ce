"""Request and response bodies of the rooms API (camelCase on the wire)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from pairpad.collab.permissions import Role, Status
from pairpad.collab.protocol import NAME_MAX
from pairpad.config import RoomLanguage
from pairpad.storable import MAX_VERSION, StorableStr

DEFAULT_ROOM_NAME = "Untitled room"
NOTES_MAX = 100_000


class _Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class RoomCreate(_Schema):
    name: StorableStr = Field(
        default=DEFAULT_ROOM_NAME, min_length=1, max_length=NAME_MAX, examples=["Interview: LRU"]
    )
    language: RoomLanguage = "python"
    code: str = Field(default="", description="Initial text of the editor.")


class RoomUpdate(_Schema):
    name: StorableStr | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    language: RoomLanguage | None = None
    code: str | None = Field(
        default=None,
        description="Replaces the whole text; stored as one ordinary change that every "
        "connected editor receives.",
    )
    base_version: int | None = Field(
        default=None,
        ge=0,
        le=MAX_VERSION,
        description="The version the new `code` was made from (as read from GET); if the text "
        "has changed since, nothing is stored and the answer is 409 version_conflict with the "
        "current version. The same as an `If-Match` header.",
    )
    status: Status | None = Field(
        default=None,
        description="`ended` makes the room read-only for everyone but the host; `active` "
        "reopens it. Host only.",
    )


class RoomRead(_Schema):
    room_id: str = Field(
        description="The link the caller has: the edit link's id, or for a viewer the view link's.",
        examples=["k3fq-7zpm-x2dr4"],
    )
    id: str = Field(description="The same as roomId.", examples=["k3fq-7zpm-x2dr4"])
    url: str = Field(examples=["/room/k3fq-7zpm-x2dr4"])
    view_id: str = Field(description="The view link's id: it shows the room read-only.")
    view_url: str = Field(examples=["/room/7m2c-q9dw-0b1tz"])
    role: Role = Field(description="What the caller may do (docs/protocol.md, Roles).")
    status: Status
    name: str
    language: str
    code: str
    version: int = Field(description="Number of changes the text has gone through.")
    created_at: datetime
    updated_at: datetime
    participant_count: int = Field(description="People connected to the room right now.")


class RoomCreated(RoomRead):
    host_key: str = Field(
        description="The host's key, shown this once: send it as `Authorization: Bearer <key>` "
        "(or share the host link `/room/<roomId>#host=<key>`) to act as the room's host."
    )


class ParticipantRead(_Schema):
    id: str
    name: str
    color: str
    role: Role


class NotesRead(_Schema):
    text: str = Field(description="Markdown, seen by the host alone.")
    updated_at: datetime | None = Field(description="null until the first notes are saved.")


class NotesWrite(_Schema):
    text: StorableStr = Field(max_length=NOTES_MAX)
    updated_at: datetime | None = Field(
        default=None,
        description="The updatedAt the new text was written from; if the notes changed since "
        "(another tab of the host's), nothing is stored and the answer is 409.",
    )
