"""An instance's one connection to Redis, and the outbox through which it writes there.

Everything an instance writes to Redis (published messages, its presence record, heartbeats)
goes through one queue and leaves in that order, in pipelines: whatever is waiting goes in one
round trip. So a person is recorded as present before the message announcing them is published,
and a shutdown's last writes go after everything before them.
"""

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTBOX_SIZE = 10_000
PIPELINE_SIZE = 1000
REDIS_ERRORS = (RedisError, OSError, TimeoutError, RuntimeError)
"""What a lost Redis looks like; uvloop reports a write to a dropped connection as RuntimeError."""

Command = Callable[[Pipeline], object]
"""Stages commands on a pipeline."""


class RedisLink:
    def __init__(self, url: str, prefix: str) -> None:
        self.instance_id = secrets.token_hex(6)
        self.prefix = prefix
        self.redis = Redis.from_url(
            url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2
        )
        self._outbox: asyncio.Queue[Command] = asyncio.Queue(OUTBOX_SIZE)
        self._sender: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._sender = asyncio.create_task(self._send_loop(), name="redis-send")
        logger.info("fan-out through Redis as instance %s", self.instance_id)

    async def stop(self) -> None:
        """Send what is queued (for a few seconds at most), then close."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(3):
                await self._outbox.join()
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
        await self.redis.aclose()

    def queue(self, command: Command) -> None:
        """Write to Redis after everything queued before; dropped if Redis is far behind."""
        try:
            self._outbox.put_nowait(command)
        except asyncio.QueueFull:
            logger.warning("Redis outbox full: dropping a message; rooms resync from the database")

    async def _send_loop(self) -> None:
        while True:
            commands = [await self._outbox.get()]
            while len(commands) < PIPELINE_SIZE and not self._outbox.empty():
                commands.append(self._outbox.get_nowait())
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    for command in commands:
                        command(pipe)
                    await pipe.execute()
            except REDIS_ERRORS as exc:
                logger.warning("Redis unreachable (%s): %d messages not sent", exc, len(commands))
            finally:
                for _ in commands:
                    self._outbox.task_done()
