"""Shared fixtures: one real PostgreSQL database per run, the app in-process, and real servers.

Servers that share rooms through Redis use TEST_REDIS_URL if set, else the local Redis on port
6379 if it answers, else one the tests start from `redis-server`, each test under a key prefix of
its own.
"""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from redis import Redis as SyncRedis
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from pairpad.config import Settings
from pairpad.main import create_app
from pairpad.migrate import upgrade
from tests.nginx import NginxProxy
from tests.postgres import fresh_database, throwaway_postgres
from tests.redis_server import ThrowawayRedis
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
        room_changes_burst=100_000,
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


LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    given = os.environ.get("TEST_REDIS_URL")
    if given:
        yield given
        return
    try:
        with SyncRedis.from_url(LOCAL_REDIS, socket_connect_timeout=1) as local:
            local.ping()
        yield LOCAL_REDIS
    except RedisConnectionError:
        throwaway = ThrowawayRedis().start()
        yield throwaway.url
        throwaway.stop()


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix for one test; its keys are deleted afterwards. No Redis is an error."""
    client = Redis.from_url(redis_url)
    try:
        await client.ping()
    except OSError as exc:
        pytest.fail(f"The scale-out tests need Redis at {redis_url} (set TEST_REDIS_URL): {exc}")
    prefix = f"pairpad-test-{secrets.token_hex(4)}:"
    yield prefix
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture
async def instances(
    database_url: str, redis_url: str, redis_prefix: str
) -> AsyncIterator[Callable[..., asyncio.Future[ServerProcess]]]:
    """Start instances that share rooms through Redis (`redis_url` unless given another);
    all are stopped afterwards."""
    started: list[ServerProcess] = []

    async def start(through: str = redis_url, **env: str) -> ServerProcess:
        server = ServerProcess(
            database_url,
            env={"REDIS_URL": through, "REDIS_PREFIX": redis_prefix, **env},
        )
        started.append(server)
        # A blocking start in a thread keeps this loop (and any proxy on it) running.
        return await asyncio.to_thread(server.start)

    yield start  # type: ignore[misc]
    await asyncio.gather(*(asyncio.to_thread(server.stop) for server in started))


@pytest.fixture
def own_redis() -> Iterator[ThrowawayRedis]:
    """A Redis for this test alone, which it may stop and start again."""
    redis = ThrowawayRedis().start()
    yield redis
    redis.stop()


@pytest.fixture
async def behind_nginx(instances) -> AsyncIterator[NginxProxy]:
    """Two instances sharing rooms through Redis, behind deploy/nginx.conf as compose runs it."""
    first, second = await asyncio.gather(instances(), instances())
    proxy = await asyncio.to_thread(NginxProxy([first, second]).start)
    yield proxy
    await asyncio.to_thread(proxy.stop)
