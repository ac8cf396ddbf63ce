"""The global cap on runs: a few at once, each holding a uid of its own, and a short queue."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from pairpad.execution.exceptions import TooManyRuns


class RunSlots:
    """Hands out the uids in `uids`, one per running program; at most `max_waiting` wait for one.

    A uid is a slot: it comes back only after its run's processes are gone, so one run can never
    see or signal another's.
    """

    def __init__(self, uids: Sequence[int], max_waiting: int) -> None:
        self._free: asyncio.Queue[int] = asyncio.Queue()
        for uid in uids:
            self._free.put_nowait(uid)
        self._max_waiting = max_waiting
        self._waiting = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[int]:
        """Wait for a free uid and hold it; raises TooManyRuns when the queue is full."""
        if self._free.empty() and self._waiting >= self._max_waiting:
            raise TooManyRuns()
        self._waiting += 1
        try:
            uid = await self._free.get()
        finally:
            self._waiting -= 1
        try:
            yield uid
        finally:
            self._free.put_nowait(uid)
