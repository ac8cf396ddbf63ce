"""Alembic environment: runs migrations on the async engine named by the settings."""

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from pairpad.collab import models as text_models  # noqa: F401  (registers the tables)
from pairpad.config import get_settings
from pairpad.db import Base, create_engine
from pairpad.rooms import models as room_models  # noqa: F401

config = context.config


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


MIGRATION_LOCK = 0x7061697270616400
"""PostgreSQL advisory lock key ("pairpad" in ASCII) held while migrating."""


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Instances started together migrate one at a time; the later ones find it done.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_database_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
