"""Token buckets: per WebSocket connection, and per client address for REST routes."""

import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request

from pairpad.errors import AppError


class TokenBucket:
    """A steady rate with room for bursts."""

    def __init__(self, rate: float, burst: int) -> None:
        self._rate = rate
        self._capacity = float(burst)
        self._tokens = float(burst)
        self._stamp = time.monotonic()

    def take(self, tokens: int = 1) -> bool:
        now = time.monotonic()
        self._tokens = min(self._capacity, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._tokens < tokens:
            return False
        self._tokens -= tokens
        return True


class RateLimited(AppError):
    status_code = 429
    code = "rate_limited"


class AddressLimiter:
    """One bucket per client address, forgetting the least recently seen beyond `max_addresses`."""

    def __init__(self, rate: float, burst: int, max_addresses: int = 10_000) -> None:
        self._rate = rate
        self._burst = burst
        self._max_addresses = max_addresses
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def allow(self, address: str) -> bool:
        bucket = self._buckets.pop(address, None) or TokenBucket(self._rate, self._burst)
        self._buckets[address] = bucket
        if len(self._buckets) > self._max_addresses:
            self._buckets.popitem(last=False)
        return bucket.take()


def rate_limited(name: str) -> Callable[[Request], Coroutine[Any, Any, None]]:
    """A route dependency answering 429 when one address calls `name` too often.

    The limiters live on `app.state.rate_limiters`, built from the settings in `create_app`.
    """

    async def check(request: Request) -> None:
        limiter: AddressLimiter = request.app.state.rate_limiters[name]
        address = request.client.host if request.client else "unknown"
        if not limiter.allow(address):
            raise RateLimited(f"Too many {name} requests from {address}; slow down.")

    return check
