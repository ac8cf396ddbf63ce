"""The commit path on PostgreSQL: a group commit in one call of `pairpad_append_updates`
(migration 0006), on plain asyncpg connections of its own.

One round trip per commit, its transaction implied, and no ORM or SQL compilation in between:
a keystroke waits for this call before anyone sees it. Group commits go one at a time, as the
single writer of collab/store.py sends them: with four in flight at once, 100 rooms of 2
typing measured a p99 four times longer and more CPU, each group then carrying fewer rooms.
"""

import asyncio
from collections.abc import Sequence
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from pairpad.collab.repository import LoggedUpdate
from pairpad.text.document import Document

APPEND = "SELECT pairpad_append_updates($1, $2, $3, $4::jsonb[], $5, $6, $7, $8, $9)"
SQLALCHEMY_ONLY = ("async_fallback", "prepared_statement_name_func")


def connect_arguments(engine: AsyncEngine) -> dict[str, Any]:
    """What the engine's own asyncpg connections are made with (host, user, ssl, ...)."""
    _, arguments = engine.dialect.create_connect_args(engine.url)
    for name in SQLALCHEMY_ONLY:
        arguments.pop(name, None)
    if "prepared_statement_cache_size" in arguments:
        arguments["statement_cache_size"] = arguments.pop("prepared_statement_cache_size")
    return dict(arguments)


async def _nothing_to_reset(_connection: asyncpg.Connection) -> None:
    """These connections only ever run APPEND, its transaction implied: no session state is
    left to undo, and the pool's own reset would cost a round trip after every commit."""


class PostgresLog:
    """Appends updates and snapshots for many rooms at once; see `append`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._arguments = connect_arguments(engine)
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def append(
        self, batch: Sequence[tuple[str, Sequence[LoggedUpdate], Document | None]]
    ) -> set[str]:
        """Store each room's updates (and its snapshot at the last of them), atomically;
        return the rooms that found a version taken and so stored nothing."""
        rows = [(room_id, item) for room_id, updates, _ in batch for item in updates]
        snapshots = [
            (room_id, updates[-1].version, snapshot.text)
            for room_id, updates, snapshot in batch
            if snapshot is not None
        ]
        pool = await self._opened()
        lost = await pool.fetch(
            APPEND,
            [room_id for room_id, _ in rows],
            [item.version for _, item in rows],
            [item.client_id for _, item in rows],
            [orjson.dumps(item.changes).decode() for _, item in rows],
            [item.author_name for _, item in rows],
            [item.author_color for _, item in rows],
            [room_id for room_id, _, _ in snapshots],
            [version for _, version, _ in snapshots],
            [text for _, _, text in snapshots],
        )
        return {row[0] for row in lost}

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()

    async def _opened(self) -> asyncpg.Pool:
        """The pool, made on first use (so a server can start while the database is away)."""
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    min_size=0,
                    max_size=1,
                    reset=_nothing_to_reset,
                    **self._arguments,
                )
        return self._pool
