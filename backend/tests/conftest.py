"""Shared fixtures: one real PostgreSQL database per run, the app in-process, and real servers."""

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from pairpad.config import Settings
from pairpad.main import create_app
from pairpad.migrate import upgrade
from tests.postgres import fresh_database, throwaway_postgres
from tests.server import RoomFactory, ServerProcess, create_room_on


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """TEST_DATABASE_URL's server if set, else a throwaway cluster started from local binaries."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield Settings(database_url=configured).database_url
        return
    with throwaway_postgres() as server:
        yield server.url


@pytest.fixture(scope="session")
def database_url(postgres_server_url: str) -> Iterator[str]:
    """A database of this run's own, migrated the way `pairpad serve` migrates."""
    with fresh_database(postgres_server_url) as url:
        upgrade(url)
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        room_creation_burst=100_000,
        autocomplete_burst=100_000,
        # Hundreds of short-lived apps: jedi warms up where a test asks for it.
        autocomplete_warm_up=False,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def app(settings: Settings, database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with LifespanManager(application):
        yield application
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE rooms, room_updates, room_snapshots CASCADE"))
    await engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client speaking to the app in-process (no socket)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pairpad.test") as http:
        yield http


@pytest.fixture(scope="session")
def live_server(database_url: str) -> Iterator[ServerProcess]:
    """One real `pairpad serve` process for the whole run; tests use rooms of their own."""
    server = ServerProcess(database_url).start()
    yield server
    server.stop()


@pytest.fixture
def start_server(database_url: str) -> Iterator[type[ServerProcess]]:
    """Start extra servers a test may kill or restart; all are stopped afterwards."""
    started: list[ServerProcess] = []

    def start(**env: str) -> ServerProcess:
        server = ServerProcess(database_url, env=env).start()
        started.append(server)
        return server

    yield start  # type: ignore[misc]
    for server in started:
        server.stop()


@pytest.fixture
def new_room(live_server: ServerProcess) -> RoomFactory:
    """Create rooms on the shared live server."""

    async def make(**body: Any) -> str:
        return await create_room_on(live_server, **body)

    return make
