"""What collaboration needs to know of a room beyond its text: the rooms feature, which stands
above this package, implements it and hands it over at startup (rooms/records.py)."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RoomRecord:
    name: str
    language: str


class RoomRecords(Protocol):
    async def find(self, room_id: str) -> RoomRecord | None:
        """The room's record, or None if there is no such room."""

    async def change(
        self, room_id: str, *, name: str | None = None, language: str | None = None
    ) -> bool:
        """Store a new name or language; False if there is no such room."""
