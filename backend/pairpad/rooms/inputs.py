"""Each room's input box, stored with the room (collab/runs.py's RoomInputs)."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pairpad.rooms import repository


class StoredInputs:
    """Every read and write goes to the database, so a restart or another instance sees the
    input as the last person typed it."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def stdin(self, room_id: str) -> str:
        async with self._sessionmaker() as session:
            return await repository.get_input(session, room_id)

    async def keep(self, room_id: str, stdin: str) -> bool:
        async with self._sessionmaker() as session, session.begin():
            return await repository.put_input(session, room_id, stdin)
