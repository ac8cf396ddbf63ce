"""Requests that arrive while a batch is being handled wait, then all go in the next batch.

Hundreds of open rooms asking for the database at the same moment then cost one round of work,
not one each (the group commit and the group catch-up read of collab/store.py); a room's own
changes wait for its worker the same way (collab/live_room.py).
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(slots=True)
class Request(Generic[T]):
    """One asker's share of a batch, and the future it awaits."""

    done: asyncio.Future[T] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future(), kw_only=True
    )

    def succeed(self, value: T) -> None:
        if not self.done.done():
            self.done.set_result(value)

    def fail(self, error: BaseException) -> None:
        if not self.done.done():
            self.done.set_exception(error)


R = TypeVar("R", bound="Request[Any]")


class Batcher(Generic[R]):
    """One worker takes whatever requests are waiting, hands them to `handle` as one batch,
    and calls `on_idle` whenever it has nothing left to do."""

    def __init__(
        self,
        handle: Callable[[list[R]], Awaitable[None]],
        name: str,
        on_idle: Callable[[], None] | None = None,
    ) -> None:
        self._handle = handle
        self._name = name
        self._on_idle = on_idle
        self._waiting: list[R] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._worker: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def busy(self) -> bool:
        """Requests are waiting or being handled."""
        return not self._idle.is_set()

    def add(self, request: R) -> None:
        """Queue the request for the next batch; the asker awaits `request.done`."""
        self._waiting.append(request)
        self._idle.clear()
        self._wake.set()
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._run(), name=self._name)

    async def drained(self) -> None:
        await self._idle.wait()

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    await self._handle(batch)
                except Exception as exc:
                    logger.exception("%s of %d requests failed", self._name, len(batch))
                    for request in batch:
                        request.fail(exc)
            self._idle.set()
            if self._on_idle is not None:
                self._on_idle()
