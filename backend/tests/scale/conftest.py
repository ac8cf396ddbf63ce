"""Server instances sharing one PostgreSQL and one Redis, under a key prefix of each test's own.

The Redis is TEST_REDIS_URL if set, else the local one on port 6379 if it answers, else one the
tests start from `redis-server`.
"""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.redis_server import ThrowawayRedis
from tests.server import ServerProcess

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
