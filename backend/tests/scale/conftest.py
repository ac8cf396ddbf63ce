"""Two server instances sharing one PostgreSQL and one Redis under a key prefix of their own."""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from redis.asyncio import Redis

from tests.redis_server import ThrowawayRedis
from tests.server import ServerProcess

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

InstanceFactory = Callable[..., ServerProcess]


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix for one test; its keys are deleted afterwards. No Redis is an error."""
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except OSError as exc:
        pytest.fail(f"The scale-out tests need Redis at {REDIS_URL} (set TEST_REDIS_URL): {exc}")
    prefix = f"pairpad-test-{secrets.token_hex(4)}:"
    yield prefix
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture
async def instances(
    database_url: str, redis_prefix: str
) -> AsyncIterator[Callable[..., asyncio.Future[ServerProcess]]]:
    """Start instances that share rooms through Redis; all are stopped afterwards."""
    started: list[ServerProcess] = []

    async def start(redis_url: str = REDIS_URL, **env: str) -> ServerProcess:
        server = ServerProcess(
            database_url,
            env={"REDIS_URL": redis_url, "REDIS_PREFIX": redis_prefix, **env},
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
