"""Alembic environment: runs migrations on the async engine named by the settings."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from pairpad.config import get_settings
from pairpad.db import Base, create_engine
from pairpad.rooms import models  # noqa: F401  (registers the tables on Base.metadata)

config = context.config


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
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
