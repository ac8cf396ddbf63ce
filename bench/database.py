"""The PostgreSQL the benchmarked server stores into.

`BENCH_DATABASE_URL` when set (used as is, never dropped); otherwise a database of its own on the
local server, created for the run and dropped after it, so runs never see each other's rooms.
"""

import asyncio
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import asyncpg

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def plain_dsn(url: str) -> str:
    """asyncpg speaks `postgresql://`; SQLAlchemy URLs name a driver after a `+`."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


async def _execute(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(plain_dsn(dsn))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def bench_database() -> Iterator[str]:
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        yield given
        return
    name = f"pairpad_bench_{secrets.token_hex(4)}"
    asyncio.run(_execute(LOCAL_SERVER, f'CREATE DATABASE "{name}"'))
    try:
        yield LOCAL_SERVER.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(_execute(LOCAL_SERVER, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def stored_updates(url: str, room_ids: Sequence[str]) -> int:
    """How many updates of these rooms are in the log table: proof that confirmed means stored."""
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM room_updates WHERE room_id = ANY($1::text[])", list(room_ids)
        )
    finally:
        await connection.close()
    return int(count)


async def describe(url: str) -> dict[str, Any]:
    """Version and the settings that decide what a commit costs."""
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        rows = await connection.fetch(
            "SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])",
            ["server_version", "fsync", "synchronous_commit", "max_connections"],
        )
    finally:
        await connection.close()
    return {row["name"]: row["setting"] for row in rows}
