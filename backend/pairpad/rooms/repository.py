"""The only code that reads and writes rooms and their update log."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.rooms.models import Room, RoomUpdate


@dataclass(frozen=True, slots=True)
class LoggedUpdate:
    version: int
    client_id: str
    changes: Any
    author_name: str | None = None
    author_color: str | None = None


async def add_room(session: AsyncSession, room: Room) -> Room:
    session.add(room)
    await session.flush()
    await session.refresh(room)
    return room


async def get_room(session: AsyncSession, room_id: str) -> Room | None:
    return await session.get(Room, room_id, populate_existing=True)


async def update_room_fields(session: AsyncSession, room_id: str, **fields: Any) -> None:
    await session.execute(
        update(Room).where(Room.id == room_id).values(**fields, updated_at=func.now())
    )


async def delete_room(session: AsyncSession, room_id: str) -> bool:
    result = await session.execute(delete(Room).where(Room.id == room_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def append_updates(
    session: AsyncSession, room_id: str, updates: Sequence[LoggedUpdate]
) -> None:
    """Insert updates; the (room_id, version) key rejects a version taken twice."""
    await session.execute(
        insert(RoomUpdate),
        [
            {
                "room_id": room_id,
                "version": item.version,
                "client_id": item.client_id,
                "changes": item.changes,
                "author_name": item.author_name,
                "author_color": item.author_color,
            }
            for item in updates
        ],
    )


async def save_snapshot(session: AsyncSession, room_id: str, code: str, version: int) -> None:
    """Store the text at `version`, never moving the snapshot backwards."""
    await session.execute(
        update(Room)
        .where(Room.id == room_id, Room.version < version)
        .values(code=code, version=version, updated_at=func.now())
    )


async def touch_room(session: AsyncSession, room_id: str) -> None:
    await session.execute(update(Room).where(Room.id == room_id).values(updated_at=func.now()))


async def last_update_at(session: AsyncSession, room_id: str) -> datetime | None:
    return await session.scalar(
        select(RoomUpdate.created_at)
        .where(RoomUpdate.room_id == room_id)
        .order_by(RoomUpdate.version.desc())
        .limit(1)
    )


async def updates_after(
    session: AsyncSession, room_id: str, version: int, until: int | None = None
) -> list[LoggedUpdate]:
    """The ordered updates with version in (version, until]."""
    query = select(
        RoomUpdate.version,
        RoomUpdate.client_id,
        RoomUpdate.changes,
        RoomUpdate.author_name,
        RoomUpdate.author_color,
    ).where(RoomUpdate.room_id == room_id, RoomUpdate.version > version)
    if until is not None:
        query = query.where(RoomUpdate.version <= until)
    rows = await session.execute(query.order_by(RoomUpdate.version))
    return [LoggedUpdate(*row) for row in rows]
