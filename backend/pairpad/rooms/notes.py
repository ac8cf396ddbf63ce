"""The host's private notes on a room: read and written by the host alone."""

from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.rooms import repository
from pairpad.rooms.access import RoomAccess
from pairpad.rooms.exceptions import NotesChanged
from pairpad.rooms.schemas import NotesRead, NotesWrite


async def read_notes(session: AsyncSession, access: RoomAccess) -> NotesRead:
    access.require_host("read the notes")
    async with session.begin():
        notes = await repository.get_notes(session, access.room.id)
    return (
        NotesRead(text=notes.text, updated_at=notes.updated_at)
        if notes
        else NotesRead(text="", updated_at=None)
    )


async def write_notes(session: AsyncSession, access: RoomAccess, data: NotesWrite) -> NotesRead:
    access.require_host("write the notes")
    async with session.begin():
        stored = await repository.get_notes(session, access.room.id)
        if data.updated_at is not None and (stored is None or stored.updated_at != data.updated_at):
            raise NotesChanged("The notes changed since you read them; read them again.")
        notes = await repository.put_notes(session, access.room.id, data.text)
    return NotesRead(text=notes.text, updated_at=notes.updated_at)
