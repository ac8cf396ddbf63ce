"""The rooms table as collaboration sees it (collab/records.py)."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pairpad.collab.permissions import Status
from pairpad.collab.records import Access, RoomRecord
from pairpad.rooms import repository
from pairpad.rooms.access import role_through


class StoredRooms:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def resolve(self, link: str, host_key: str | None) -> Access | None:
        async with self._sessionmaker() as session:
            room = await repository.find_by_link(session, link)
        if room is None:
            return None
        return Access(room.id, link, role_through(room, link, host_key))

    async def find(self, room_id: str) -> RoomRecord | None:
        async with self._sessionmaker() as session:
            room = await repository.get_room(session, room_id)
        return RoomRecord(room.name, room.language, Status(room.status)) if room else None

    async def change(
        self,
        room_id: str,
        *,
        name: str | None = None,
        language: str | None = None,
        status: Status | None = None,
    ) -> bool:
        given = (("name", name), ("language", language), ("status", status))
        fields = {key: value for key, value in given if value}
        async with self._sessionmaker() as session, session.begin():
            if await repository.get_room(session, room_id) is None:
                return False
            if fields:
                await repository.update_room_fields(session, room_id, **fields)
        return True
