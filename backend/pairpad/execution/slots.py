"""The global cap on runs: a few at once, each holding a uid of its own, a short queue served in
turn between client addresses, and a cap per address."""

import asyncio
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from pairpad.execution.exceptions import TooManyRuns, TooManyRunsFromAddress


class RunSlots:
    """Hands out the uids in `uids`, one per running program; at most `max_waiting` wait for one,
    and one address has at most `max_per_address` runs going or waiting.

    A uid is a slot: it comes back only after its run's processes are gone, so one run can never
    see or signal another's. A freed uid goes to the waiting address served least recently, so
    an address that floods the queue waits behind everyone else's runs rather than before them.
    """

    def __init__(self, uids: Sequence[int], max_waiting: int, max_per_address: int) -> None:
        self._free: deque[int] = deque(uids)
        self._max_waiting = max_waiting
        self._max_per_address = max_per_address
        self._waiting: dict[str, deque[asyncio.Future[int]]] = {}
        self._waiting_count = 0
        self._held: Counter[str] = Counter()
        # When each address with runs going or waiting last got a slot (a running count).
        self._served_at: dict[str, int] = {}
        self._services = 0

    @asynccontextmanager
    async def slot(self, address: str) -> AsyncIterator[int]:
        """Wait for a free uid in turn and hold it for a run from `address`.

        Raises TooManyRunsFromAddress when `address` already has its share going or waiting,
        and TooManyRuns when every slot is busy and the queue is full.
        """
        if self._held[address] >= self._max_per_address:
            raise TooManyRunsFromAddress(address, self._max_per_address)
        if not self._free and self._waiting_count >= self._max_waiting:
            raise TooManyRuns()
        self._held[address] += 1
        try:
            if self._free:
                uid = self._free.popleft()
                self._served(address)
            else:
                uid = await self._wait_in_turn(address)
            try:
                yield uid
            finally:
                self._hand_on(uid)
        finally:
            self._held[address] -= 1
            if not self._held[address]:
                del self._held[address]
                self._served_at.pop(address, None)

    def _served(self, address: str) -> None:
        self._services += 1
        self._served_at[address] = self._services

    async def _wait_in_turn(self, address: str) -> int:
        ticket: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(address, deque()).append(ticket)
        self._waiting_count += 1
        try:
            return await ticket
        except asyncio.CancelledError:
            if ticket.done() and not ticket.cancelled():
                self._hand_on(ticket.result())  # handed a uid just as its waiter gave up
            else:
                self._forget(address, ticket)
            raise
        finally:
            self._waiting_count -= 1

    def _forget(self, address: str, ticket: asyncio.Future[int]) -> None:
        tickets = self._waiting.get(address)
        if tickets is not None and ticket in tickets:
            tickets.remove(ticket)
            if not tickets:
                del self._waiting[address]

    def _hand_on(self, uid: int) -> None:
        """Give a freed uid to the waiting address served least recently, or keep it free."""
        while self._waiting:
            # Ties (addresses that have never had a slot) go to the one waiting longest.
            address = min(self._waiting, key=lambda waiting: self._served_at.get(waiting, 0))
            tickets = self._waiting[address]
            ticket = tickets.popleft()
            if not tickets:
                del self._waiting[address]
            if not ticket.done():
                ticket.set_result(uid)
                self._served(address)
                return
        self._free.append(uid)
