"""Bodies of the history API (camelCase on the wire)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from pairpad.storable import MAX_VERSION


class _Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class HistoryEntry(_Schema):
    version: int = Field(description="The version this update produced.")
    client_id: str = Field(alias="clientID")
    author_name: str | None
    author_color: str | None
    created_at: datetime | None
    changes: list[Any] = Field(description="CodeMirror ChangeSet JSON; see docs/protocol.md.")


class HistoryPage(_Schema):
    updates: list[HistoryEntry]
    next_since: int | None = Field(
        description="Pass as `since` for the next page; null when this page reached the end."
    )


class VersionText(_Schema):
    version: int
    code: str


class RestoreRequest(_Schema):
    version: int = Field(ge=0, le=MAX_VERSION, examples=[12])
