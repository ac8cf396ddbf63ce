"""The rooms table as collaboration sees it (collab/records.py)."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pairpad.collab.records import RoomRecord
from pairpad.rooms import repository


class StoredRooms:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def find(self, room_id: str) -> RoomRecord | None:
        async with self._sessionmaker() as session:
            room = await repository.get_room(session, room_id)
        return RoomRecord(room.name, room.language) if room else None

    async def change(
        self, room_id: str, *, name: str | None = None, language: str | None = None
    ) -> bool:
        fields = {key: value for key, value in (("name", name), ("language", language)) if value}
        async with self._sessionmaker() as session, session.begin():
            if await repository.get_room(session, room_id) is None:
                return False
            if fields:
                await repository.update_room_fields(session, room_id, **fields)
        return True
