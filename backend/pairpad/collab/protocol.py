"""The WebSocket protocol (docs/protocol.md): parsing client messages, building server ones."""

from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from pairpad.collab.rebase import TieBreak
from pairpad.config import RoomLanguage
from pairpad.errors import AppError, PayloadTooLarge
from pairpad.storable import MAX_VERSION, StorableStr

NAME_MAX = 100
CLIENT_ID_MAX = 64


class CloseCode:
    """WebSocket close codes PairPad uses, beside the standard ones."""

    NORMAL = 1000
    GOING_AWAY = 1001
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    SERVICE_RESTART = 1012
    TRY_AGAIN_LATER = 1013
    REMOVED = 4403
    """The host removed this participant."""
    ROOM_NOT_FOUND = 4404
    LINK_REVOKED = 4410
    """The host rotated the edit link this connection came through."""
    ROOM_FULL = 4429


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class UpdateIn(_Message):
    clientID: StorableStr = Field(min_length=1, max_length=CLIENT_ID_MAX)
    changes: list[Any]


class Push(_Message):
    type: Literal["push"]
    version: int = Field(ge=0, le=MAX_VERSION)
    updates: list[UpdateIn] = Field(min_length=1)
    rebase: bool = True
    """Apply a stale push over the updates stored since `version`; false rejects it instead.
    A push is bounded by its size in bytes and its cost, not by how many updates it has."""
    tieBreak: TieBreak = "arrival"
    """How that rebase orders the push's insertions against others at the same place."""


class CodeUpdate(_Message):
    type: Literal["code_update"]
    code: str


class Cursor(_Message):
    type: Literal["cursor"]
    anchor: int = Field(ge=0, le=MAX_VERSION)
    head: int = Field(ge=0, le=MAX_VERSION)
    version: int | None = Field(default=None, ge=0, le=MAX_VERSION)


class SetLanguage(_Message):
    type: Literal["language"]
    language: RoomLanguage


class Rename(_Message):
    type: Literal["rename"]
    name: StorableStr = Field(min_length=1, max_length=NAME_MAX)


class Ping(_Message):
    type: Literal["ping"]


class Remove(_Message):
    """The host asks to close a participant's connection."""

    type: Literal["remove"]
    userId: StorableStr = Field(min_length=1, max_length=64)


class Run(_Message):
    type: Literal["run"]
    stdin: StorableStr | None = None
    """The input to run with, which also becomes the room's; None runs with the room's input."""


class Stop(_Message):
    """Stop the room's run under way."""

    type: Literal["stop"]


class SetStdin(_Message):
    """What someone typed in the room's input box: the whole of it, shown to everyone."""

    type: Literal["stdin"]
    stdin: StorableStr


ClientMessage = Annotated[
    Push | CodeUpdate | Cursor | SetLanguage | Rename | Ping | Run | Stop | SetStdin | Remove,
    Field(discriminator="type"),
]
_client_message = TypeAdapter(ClientMessage)
KNOWN_TYPES = (
    "push",
    "code_update",
    "cursor",
    "language",
    "rename",
    "ping",
    "run",
    "stop",
    "stdin",
    "remove",
)


class BadMessage(AppError):
    """A message the protocol does not allow; nothing changed."""

    code = "invalid_message"


class InvalidJson(BadMessage):
    code = "invalid_json"


class UnknownType(BadMessage):
    code = "unknown_type"


class InvalidSince(BadMessage):
    code = "invalid_since"


class MessageTooBig(PayloadTooLarge):
    code = "message_too_big"

    def __init__(self, limit: int) -> None:
        super().__init__(f"Messages are limited to {limit} bytes.")


def parse_client_message(data: str | bytes) -> ClientMessage:
    """Parse one message, raising BadMessage with a code the client can act on."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidJson(f"Messages must be JSON objects: {exc}") from None
    if not isinstance(raw, dict):
        raise BadMessage("Messages must be JSON objects with a 'type'.")
    if raw.get("type") not in KNOWN_TYPES:
        raise UnknownType(
            f"Unknown message type {raw.get('type')!r}; expected one of {', '.join(KNOWN_TYPES)}."
        )
    try:
        return _client_message.validate_python(raw)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'][1:]) or 'message'}: {error['msg']}"
            for error in exc.errors()
        )
        raise BadMessage(details) from None


def message(message_type: str, **fields: Any) -> str:
    """Serialize a server message once; the same string goes to every peer."""
    return orjson.dumps({"type": message_type, **fields}).decode()


def cursor_key(user_id: str) -> str:
    """What makes a `cursor` message stale in a send queue: a newer one from the same person."""
    return f"cursor:{user_id}"


def error_message(code: str, text: str) -> str:
    return message("error", code=code, message=text)
