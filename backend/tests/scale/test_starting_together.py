"""Instances started at the same moment on an empty database: they migrate one at a time."""

import asyncio
import os
import subprocess
import sys

import asyncpg
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from pairpad.migrate import alembic_config
from tests.postgres import fresh_database
from tests.server import ROOT

INSTANCES = 8


async def stored_revision(url: str) -> str:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    connection = await asyncpg.connect(dsn)
    try:
        return str(await connection.fetchval("SELECT version_num FROM alembic_version"))
    finally:
        await connection.close()


def test_instances_migrating_together_on_an_empty_database_all_succeed(
    postgres_server_url: str,
) -> None:
    with fresh_database(postgres_server_url) as url:
        migrations = [
            subprocess.Popen(
                [sys.executable, "-m", "pairpad.cli", "migrate"],
                env={**os.environ, "DATABASE_URL": url},
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(INSTANCES)
        ]
        errors = [migration.communicate(timeout=120)[1] for migration in migrations]
        failed = [e for m, e in zip(migrations, errors, strict=True) if m.returncode != 0]
        assert not failed, failed[0]
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert asyncio.run(stored_revision(url)) == head
