"""The Redis that instances of one PairPad share rooms through, under a key prefix of the run's.

`BENCH_REDIS_URL` when set, else the local server. Its keys are deleted after the run, so runs
never see each other's presence, and nothing else on that Redis is touched.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError

LOCAL_SERVER = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True, slots=True)
class RedisSpace:
    url: str
    prefix: str

    @property
    def env(self) -> dict[str, str]:
        """The settings a PairPad instance needs to share rooms through this space."""
        return {"REDIS_URL": self.url, "REDIS_PREFIX": self.prefix}


@contextmanager
def bench_redis() -> Iterator[RedisSpace]:
    url = os.environ.get("BENCH_REDIS_URL", LOCAL_SERVER)
    client = Redis.from_url(url)
    try:
        client.ping()
    except (RedisError, OSError) as exc:
        raise RuntimeError(f"the two-instance runs need Redis at {url} (BENCH_REDIS_URL)") from exc
    space = RedisSpace(url, f"pairpad-bench-{secrets.token_hex(4)}:")
    try:
        yield space
    finally:
        keys = list(client.scan_iter(match=f"{space.prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()
