"""The only code that reads and writes a room's text: its update log and snapshots.

The commit path writes Core statements through a bare connection: the ORM's session and
statement handling cost about twice the CPU there, and every keystroke passes this way.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, delete, exists, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from pairpad.collab.models import RoomSnapshot, RoomUpdate

Executor = AsyncSession | AsyncConnection
UPDATES = cast(Table, RoomUpdate.__table__)
SNAPSHOTS = cast(Table, RoomSnapshot.__table__)


@dataclass(frozen=True, slots=True)
class LoggedUpdate:
    """An update as stored: `version` is the one it produced (the text after it)."""

    version: int
    client_id: str
    changes: Any
    author_name: str | None = None
    author_color: str | None = None
    created_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        """The update as the protocol sends it."""
        return {"clientID": self.client_id, "changes": self.changes}


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int
    code: str


def _insert_or_skip(executor: Executor, table: Table) -> Any:
    """INSERT that skips rows whose primary key is taken, in either database's words."""
    bind = executor if isinstance(executor, AsyncConnection) else executor.get_bind()
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(
        index_elements=[column.name for column in table.primary_key]
    )


async def insert_new_updates(
    connection: AsyncConnection, updates: Sequence[tuple[str, LoggedUpdate]]
) -> set[tuple[str, int]]:
    """Insert (room_id, update) pairs in one statement; return the keys actually inserted.

    A (room_id, version) already taken is skipped rather than failing the statement, so one
    transaction can carry many rooms' updates and each room learns on its own that it lost.
    """
    statement = _insert_or_skip(connection, UPDATES).returning(UPDATES.c.room_id, UPDATES.c.version)
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


async def save_snapshot(executor: Executor, room_id: str, version: int, code: str) -> None:
    """File the text at `version`; one already filed there is the same text and stays."""
    await executor.execute(
        _insert_or_skip(executor, SNAPSHOTS).values(room_id=room_id, version=version, code=code)
    )


async def latest_snapshot(executor: Executor, room_id: str) -> Snapshot | None:
    """The newest snapshot of the room's text; None if the room has none (it does not exist)."""
    row = (
        await executor.execute(
            select(SNAPSHOTS.c.version, SNAPSHOTS.c.code)
            .where(SNAPSHOTS.c.room_id == room_id)
            .order_by(SNAPSHOTS.c.version.desc())
            .limit(1)
        )
    ).first()
    return Snapshot(*row) if row else None


async def snapshot_at_or_before(executor: Executor, room_id: str, version: int) -> Snapshot | None:
    row = (
        await executor.execute(
            select(SNAPSHOTS.c.version, SNAPSHOTS.c.code)
            .where(SNAPSHOTS.c.room_id == room_id, SNAPSHOTS.c.version <= version)
            .order_by(SNAPSHOTS.c.version.desc())
            .limit(1)
        )
    ).first()
    return Snapshot(*row) if row else None


async def has_text(executor: Executor, room_id: str) -> bool:
    """Whether the room still has its text (a deleted room's snapshots went with it)."""
    return bool(await executor.scalar(select(exists().where(SNAPSHOTS.c.room_id == room_id))))


async def last_update_at(executor: Executor, room_id: str) -> datetime | None:
    return await executor.scalar(
        select(UPDATES.c.created_at)
        .where(UPDATES.c.room_id == room_id)
        .order_by(UPDATES.c.version.desc())
        .limit(1)
    )


_LOGGED = (
    UPDATES.c.version,
    UPDATES.c.client_id,
    UPDATES.c.changes,
    UPDATES.c.author_name,
    UPDATES.c.author_color,
    UPDATES.c.created_at,
)


async def updates_after(
    executor: Executor,
    room_id: str,
    version: int,
    until: int | None = None,
    limit: int | None = None,
) -> list[LoggedUpdate]:
    """The ordered updates with version in (version, until], at most `limit` of them."""
    query = select(*_LOGGED).where(UPDATES.c.room_id == room_id, UPDATES.c.version > version)
    if until is not None:
        query = query.where(UPDATES.c.version <= until)
    rows = await executor.execute(query.order_by(UPDATES.c.version).limit(limit))
    return [LoggedUpdate(*row) for row in rows]


async def updates_after_each(
    executor: Executor, after: Mapping[str, int]
) -> dict[str, list[LoggedUpdate]]:
    """For every room, its ordered updates after the version given for it, in one query."""
    query = (
        select(UPDATES.c.room_id, *_LOGGED)
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
