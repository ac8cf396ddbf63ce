"""The only code that reads and writes rooms and their update log."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from pairpad.rooms.ids import is_room_id
from pairpad.rooms.models import Room, RoomSnapshot, RoomUpdate

# The commit path writes Core statements through a bare connection: the ORM's session and
# statement handling cost about twice the CPU there, and every keystroke passes this way.
Executor = AsyncSession | AsyncConnection
ROOMS = cast(Table, Room.__table__)
UPDATES = cast(Table, RoomUpdate.__table__)
SNAPSHOTS = cast(Table, RoomSnapshot.__table__)


@dataclass(frozen=True, slots=True)
class LoggedUpdate:
    version: int
    client_id: str
    changes: Any
    author_name: str | None = None
    author_color: str | None = None
    created_at: datetime | None = None


async def add_room(session: AsyncSession, room: Room) -> Room:
    """Insert the room and its text at version 0, where its history starts."""
    session.add(room)
    await session.flush()
    session.add(RoomSnapshot(room_id=room.id, version=room.version, code=room.code))
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


async def insert_new_updates(
    connection: AsyncConnection, updates: Sequence[tuple[str, LoggedUpdate]]
) -> set[tuple[str, int]]:
    """Insert (room_id, update) pairs in one statement; return the keys actually inserted.

    A (room_id, version) already taken is skipped rather than failing the statement, so one
    transaction can carry many rooms' updates and each room learns on its own that it lost.
    """
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(UPDATES)
        .on_conflict_do_nothing(index_elements=[UPDATES.c.room_id, UPDATES.c.version])
        .returning(UPDATES.c.room_id, UPDATES.c.version)
    )
    rows = [
        {
            "room_id": room_id,
            "version": item.version,
            "client_id": item.client_id,
            "changes": item.changes,
            "author_name": item.author_name,
            "author_color": item.author_color,
        }
        for room_id, item in updates
    ]
    result = await connection.execute(statement, rows)
    return {(room_id, version) for room_id, version in result}


async def delete_updates(connection: AsyncConnection, keys: Sequence[tuple[str, int]]) -> None:
    await connection.execute(
        delete(UPDATES).where(tuple_(UPDATES.c.room_id, UPDATES.c.version).in_(keys))
    )


async def save_snapshot(
    executor: Executor, room_id: str, code: str, version: int, *, keep: bool = False
) -> None:
    """Store the text at `version` as the room's latest, never moving it backwards.

    `keep` also files it among the room's historical snapshots; only the ordered commit path,
    which owns each version exactly once, passes it.
    """
    await executor.execute(
        update(ROOMS)
        .where(ROOMS.c.id == room_id, ROOMS.c.version < version)
        .values(code=code, version=version, updated_at=func.now())
    )
    if keep:
        await executor.execute(
            insert(SNAPSHOTS).values(room_id=room_id, version=version, code=code)
        )


async def snapshot_at_or_before(
    session: AsyncSession, room_id: str, version: int
) -> RoomSnapshot | None:
    return await session.scalar(
        select(RoomSnapshot)
        .where(RoomSnapshot.room_id == room_id, RoomSnapshot.version <= version)
        .order_by(RoomSnapshot.version.desc())
        .limit(1)
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
    session: AsyncSession,
    room_id: str,
    version: int,
    until: int | None = None,
    limit: int | None = None,
) -> list[LoggedUpdate]:
    """The ordered updates with version in (version, until], at most `limit` of them."""
    query = select(
        RoomUpdate.version,
        RoomUpdate.client_id,
        RoomUpdate.changes,
        RoomUpdate.author_name,
        RoomUpdate.author_color,
        RoomUpdate.created_at,
    ).where(RoomUpdate.room_id == room_id, RoomUpdate.version > version)
    if until is not None:
        query = query.where(RoomUpdate.version <= until)
    rows = await session.execute(query.order_by(RoomUpdate.version).limit(limit))
    return [LoggedUpdate(*row) for row in rows]


async def updates_after_each(
    executor: Executor, after: Mapping[str, int]
) -> dict[str, list[LoggedUpdate]]:
    """For every room, its ordered updates after the version given for it, in one query."""
    query = (
        select(
            UPDATES.c.room_id,
            UPDATES.c.version,
            UPDATES.c.client_id,
            UPDATES.c.changes,
            UPDATES.c.author_name,
            UPDATES.c.author_color,
            UPDATES.c.created_at,
        )
        .where(
            or_(
                *(
                    and_(UPDATES.c.room_id == room_id, UPDATES.c.version > version)
                    for room_id, version in after.items()
                )
            )
        )
        .order_by(UPDATES.c.room_id, UPDATES.c.version)
    )
    found: defaultdict[str, list[LoggedUpdate]] = defaultdict(list)
    for room_id, *fields in await executor.execute(query):
        found[room_id].append(LoggedUpdate(*fields))
    return found
