"""What collaboration needs to know of a room beyond its text: the rooms feature, which stands
above this package, implements it and hands it over at startup (rooms/records.py)."""

from dataclasses import dataclass
from typing import Protocol

from pairpad.collab.permissions import Role, Status


@dataclass(frozen=True, slots=True)
class RoomRecord:
    name: str
    language: str
    status: Status


@dataclass(frozen=True, slots=True)
class Access:
    """How one connection reaches a room."""

    room_id: str
    """The room's own id, by which collaboration knows it."""
    link: str
    """The id the connection came through: the room's edit link or its view link."""
    role: Role


class RoomRecords(Protocol):
    async def resolve(self, link: str, host_key: str | None) -> Access | None:
        """Who comes through `link` (with `host_key`, if given): None if no room has that link;
        raises Forbidden if the host key is not this room's."""

    async def find(self, room_id: str) -> RoomRecord | None:
        """The room's record, or None if there is no such room."""

    async def change(
        self,
        room_id: str,
        *,
        name: str | None = None,
        language: str | None = None,
        status: Status | None = None,
    ) -> bool:
        """Store a new name, language or status; False if there is no such room."""
