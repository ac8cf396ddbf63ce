"""A simulated PairPad editor: the push/receive state machine of the web editor, minus CodeMirror.

Like `frontend/src/features/editor/collabSession.ts` it keeps one push in flight, pushes at most
every 40 ms, shares its cursor at most every 100 ms, asks the server to rebase a push that
crosses someone else's update, and after `rejected` (the server no longer holds what it would
rebase over) waits for the updates it is missing before pushing again. Where CodeMirror would
rebase pending edits over remote ones, this editor re-creates each keystroke not yet pushed
against the new text (same kind, position clamped to the text), which keeps one update per
keystroke and so keeps latency tracking exact.

Connecting, and keeping the room's text by applying every `updates` message in order, is
pairpad.client's RoomClient, which tests use too.
"""

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson
import websockets

from bench.latency_book import LatencyBook
from pairpad.client import ProtocolBroken, RoomClient

PUSH_INTERVAL = 0.04
CURSOR_INTERVAL = 0.1
UPDATES_PER_PUSH = 200
BUSY_RETRY = 1.0


@dataclass(slots=True)
class Keystroke:
    position: int
    char: str | None
    """None for a backspace."""


def keystroke_changes(keystroke: Keystroke, length: int) -> list[Any]:
    """The change set of one keystroke at its position, clamped to the text it now applies to."""
    position = min(keystroke.position, length)
    if keystroke.char is None and length:
        position = max(position, 1)
        replaced: list[Any] = [1]
        position -= 1
    else:
        char = keystroke.char or "x"
        replaced = [0, "", ""] if char == "\n" else [0, char]
    after = length - position - replaced[0]
    return [*([position] if position else []), replaced, *([after] if after else [])]


class Editor:
    def __init__(
        self, ws_url: str, room_id: str, client_id: str, book: LatencyBook, compress: bool = True
    ) -> None:
        self.ws_url = ws_url
        self.compression = "deflate" if compress else None
        self.room_id = room_id
        self.client_id = client_id
        self.book = book
        self.confirmed = 0
        self.failures: Counter[str] = Counter()
        self._pending: list[Keystroke] = []
        self._in_flight = 0
        self._push_after = 0
        self._last_push = 0.0
        self._push_timer: asyncio.TimerHandle | None = None
        self._cursor_timer: asyncio.TimerHandle | None = None
        self._cursor = 0
        self._seen: Counter[str] = Counter()
        self._client: RoomClient | None = None
        self._outbox: asyncio.Queue[str] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def client(self) -> RoomClient:
        assert self._client is not None, "open() first"
        return self._client

    @property
    def text(self) -> str:
        return self.client.text

    @property
    def version(self) -> int:
        return self.client.version

    @property
    def local_length(self) -> int:
        """Length of the text as this person sees it: synced text plus unconfirmed keystrokes."""
        delta = sum(-1 if keystroke.char is None else 1 for keystroke in self._pending)
        return max(0, self.client.doc.length + delta)

    @property
    def settled(self) -> bool:
        return not self._pending

    async def open(self) -> None:
        self._client = await RoomClient.join(
            self.ws_url,
            self.room_id,
            name=self.client_id,
            client_id=self.client_id,
            keep_updates=False,
            bundle=True,
            proxy=None,
            open_timeout=60,
            compression=self.compression,
        )
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._write())]

    async def close(self) -> None:
        for timer in (self._push_timer, self._cursor_timer):
            if timer is not None:
                timer.cancel()
        if self._client is not None:
            await self._client.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def type(self, keystroke: Keystroke) -> None:
        self._pending.append(keystroke)
        self.book.typed(self.client_id, timed=keystroke.char is not None)
        self._cursor = keystroke.position
        self._push()
        self._schedule_cursor()

    def move_cursor(self, position: int) -> None:
        self._cursor = position
        self._schedule_cursor()

    def _send(self, message: dict[str, Any]) -> None:
        self._outbox.put_nowait(orjson.dumps(message).decode())

    async def _write(self) -> None:
        while True:
            await self.client.socket.send(await self._outbox.get())

    def _push_later(self) -> None:
        self._push_timer = None
        self._push()

    def _push(self) -> None:
        if self._in_flight or not self._pending or self.version < self._push_after:
            return
        wait = self._last_push + PUSH_INTERVAL - time.monotonic()
        if wait > 0:
            if self._push_timer is None:
                self._push_timer = asyncio.get_running_loop().call_later(wait, self._push_later)
            return
        doc = self.client.doc
        updates = []
        for keystroke in self._pending[:UPDATES_PER_PUSH]:
            changes = keystroke_changes(keystroke, doc.length)
            doc = doc.apply(changes)
            updates.append({"clientID": self.client_id, "changes": changes})
        self._send({"type": "push", "version": self.version, "updates": updates, "rebase": True})
        self._in_flight = len(updates)
        self._last_push = time.monotonic()

    def _schedule_cursor(self) -> None:
        if self._cursor_timer is None:
            loop = asyncio.get_running_loop()
            self._cursor_timer = loop.call_later(CURSOR_INTERVAL, self._share_cursor)

    def _share_cursor(self) -> None:
        self._cursor_timer = None
        place = min(self._cursor, self.client.doc.length)
        self._send({"type": "cursor", "anchor": place, "head": place, "version": self.version})

    async def _read(self) -> None:
        socket = self.client.socket
        try:
            while True:
                self._receive(await self.client.receive(timeout=None))
        except websockets.ConnectionClosed:
            pass
        except ProtocolBroken as exc:
            self.failures[f"protocol broken: {exc}"] += 1
        except ValueError as exc:
            self.failures[f"unusable message: {exc}"] += 1
        if socket.close_code != 1000:
            self.failures[f"closed {socket.close_code} {socket.close_reason}"] += 1

    def _receive(self, message: dict[str, Any]) -> None:
        match message["type"]:
            case "updates":
                self._count_updates(message["updates"])
            case "rejected":
                self._in_flight = 0
                self._push_after = message["version"]
                self._push()
            case "error":
                self.failures[message["code"]] += 1
                if self._in_flight and message["code"] == "room_busy":
                    self._in_flight = 0
                    asyncio.get_running_loop().call_later(BUSY_RETRY, self._push)

    def _count_updates(self, updates: list[dict[str, Any]]) -> None:
        """Updates the client has just applied: its own confirm keystrokes, others' arrive."""
        now = time.perf_counter()
        for update in updates:
            author = update["clientID"]
            if author == self.client_id:
                self._pending.pop(0)
                self._in_flight -= 1
                self.confirmed += 1
            else:
                self.book.arrived(author, self._seen[author], now)
                self._seen[author] += 1
        self._push()
