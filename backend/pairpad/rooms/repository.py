"""The only code that reads and writes the rooms table (a room's text is collab/repository.py's)."""

from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.rooms.ids import is_room_id
from pairpad.rooms.models import Room


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
