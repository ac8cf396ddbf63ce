"""The only code that reads and writes the rooms table (a room's text is collab/repository.py's)."""

from typing import Any

from sqlalchemy import Text, delete, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.rooms.ids import is_room_id
from pairpad.rooms.models import Room, RoomInput, RoomNotes


async def add_room(session: AsyncSession, room: Room) -> Room:
    session.add(room)
    await session.flush()
    await session.refresh(room)
    return room


async def get_room(session: AsyncSession, room_id: str) -> Room | None:
    if not is_room_id(room_id):
        return None  # nothing to ask: it could not be stored (a NUL, say) or was never issued
    return await session.get(Room, room_id, populate_existing=True)


async def update_room_fields(session: AsyncSession, room_id: str, **fields: Any) -> None:
    await session.execute(
        update(Room).where(Room.id == room_id).values(**fields, updated_at=func.now())
    )


async def delete_room(session: AsyncSession, room_id: str) -> bool:
    result = await session.execute(delete(Room).where(Room.id == room_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def find_by_link(session: AsyncSession, link: str) -> Room | None:
    """The room whose edit link or view link is `link`."""
    if not is_room_id(link):
        return None
    return await session.scalar(
        select(Room)
        .where(or_(Room.edit_id == link, Room.view_id == link))
        .execution_options(populate_existing=True)
    )


async def get_notes(session: AsyncSession, room_id: str) -> RoomNotes | None:
    return await session.get(RoomNotes, room_id, populate_existing=True)


async def put_notes(session: AsyncSession, room_id: str, text: str) -> RoomNotes:
    notes = await session.get(RoomNotes, room_id)
    if notes is None:
        notes = RoomNotes(room_id=room_id, text=text)
        session.add(notes)
    else:
        notes.text = text
        notes.updated_at = func.now()  # type: ignore[assignment]
    await session.flush()
    await session.refresh(notes)
    return notes


async def get_input(session: AsyncSession, room_id: str) -> str:
    """The room's input box: empty until someone types there."""
    stdin = await session.scalar(select(RoomInput.stdin).where(RoomInput.room_id == room_id))
    return stdin or ""


async def put_input(session: AsyncSession, room_id: str, stdin: str) -> bool:
    """Replace the room's input box in one statement; False if there is no such room.

    The row is inserted from the room's own, so a deleted room gets none (and no foreign-key
    error), and the upsert lets two first writes race without a duplicate key.
    """
    bind = session.get_bind()
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    rows = select(Room.id, literal(stdin, Text)).where(Room.id == room_id)
    statement = dialect.insert(RoomInput).from_select(["room_id", "stdin"], rows)
    statement = statement.on_conflict_do_update(
        index_elements=[RoomInput.room_id],
        set_={"stdin": statement.excluded.stdin, "updated_at": func.now()},
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]
