"""What the server's operator can do from the command line: `pairpad host-key <room>`."""

from sqlalchemy.ext.asyncio import async_sessionmaker

from pairpad.collab.exceptions import RoomNotFound
from pairpad.db import create_engine
from pairpad.rooms import repository
from pairpad.rooms.service import rotate_host_key


async def new_host_key_for(database_url: str, link: str) -> tuple[str, str]:
    """Give the room a new host key; returns it and the room's edit link id. The old key, if
    anyone had it, stops working (keys are stored hashed, so a lost one cannot be shown)."""
    engine = create_engine(database_url)
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            async with session.begin():
                room = await repository.find_by_link(session, link)
            if room is None:
                raise RoomNotFound(link)
            return await rotate_host_key(session, room), room.edit_id
    finally:
        await engine.dispose()
