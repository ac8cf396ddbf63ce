"""A WebSocket connection as a room sees it: messages queued without waiting, sent in order."""

import asyncio
import logging
import secrets
from collections import deque
from typing import Protocol

from starlette.websockets import WebSocket

from pairpad.collab.protocol import CloseCode

logger = logging.getLogger(__name__)


class Peer(Protocol):
    """One live connection that can be handed messages without waiting."""

    id: str

    def send(self, message: str, replaces: str | None = None) -> None:
        """Queue `message`; one still waiting with the same `replaces` key is dropped."""

    def close(self, code: int, reason: str) -> None: ...


def new_peer_id() -> str:
    return secrets.token_urlsafe(9)


BUNDLE_BYTES = 65_536
"""A bundle holds messages up to this many characters together; a larger message goes alone."""


class SocketPeer:
    """Bounded send queue: a reader too slow to keep up is closed and catches up on reconnect.

    A frame sent with a `replaces` key supersedes one with the same key still waiting: only the
    latest cursor of each person matters, so a reader that falls behind a crowd of moving
    cursors skips the stale ones instead of being closed.

    A client that accepts bundles (`bundle=1`) gets whatever is queued when the writer runs in
    one WebSocket message, a JSON array: in a crowded room every keystroke and cursor goes to
    everyone, and each WebSocket message costs the server a system call. Nothing waits for a
    bundle to fill; a quiet room's messages still go out one by one as they come.
    """

    def __init__(self, websocket: WebSocket, queue_size: int, bundle: bool = False) -> None:
        self.id = new_peer_id()
        self._websocket = websocket
        self._frames: deque[tuple[str, str | None]] = deque()
        self._waiting: dict[str, int] = {}
        """How many frames of each `replaces` key are queued; all but the last are skipped."""
        self._superseded = 0
        self._queue_size = queue_size
        self._bundle = bundle
        self._ready = asyncio.Event()
        self._close_with: tuple[int, str] | None = None

    @property
    def closing(self) -> bool:
        return self._close_with is not None

    def send(self, frame: str, replaces: str | None = None) -> None:
        if self._close_with is not None:
            return
        if len(self._frames) - self._superseded >= self._queue_size:
            logger.warning("peer %s: send queue full, closing", self.id)
            self._frames.clear()
            self._waiting.clear()
            self._superseded = 0
            self.close(CloseCode.TRY_AGAIN_LATER, "too slow: reconnect with since")
            return
        if replaces is not None:
            queued = self._waiting.get(replaces, 0)
            self._superseded += queued > 0
            self._waiting[replaces] = queued + 1
        self._frames.append((frame, replaces))
        self._ready.set()

    def close(self, code: int, reason: str) -> None:
        """Close after the frames already queued are sent."""
        if self._close_with is None:
            self._close_with = (code, reason)
            self._ready.set()

    async def pump(self) -> None:
        """Send queued frames until closed; runs as the connection's writer task."""
        while True:
            await self._ready.wait()
            self._ready.clear()
            while self._frames:
                frames = self._next_frames()
                if len(frames) == 1:
                    await self._websocket.send_text(frames[0])
                elif frames:
                    await self._websocket.send_text(f"[{','.join(frames)}]")
            if self._close_with is not None:
                await self._websocket.close(*self._close_with)
                return

    def _next_frames(self) -> list[str]:
        """The next frame to send, or as many as fit in a bundle; superseded ones are skipped."""
        frames: list[str] = []
        size = 0
        while self._frames:
            frame, replaces = self._frames[0]
            if frames and (not self._bundle or size + len(frame) > BUNDLE_BYTES):
                break
            self._frames.popleft()
            if replaces is not None and self._is_superseded(replaces):
                continue
            frames.append(frame)
            size += len(frame)
        return frames

    def _is_superseded(self, key: str) -> bool:
        """Take one frame of `key` off the count; True if a later one is still queued."""
        queued = self._waiting.pop(key)
        if queued == 1:
            return False
        self._waiting[key] = queued - 1
        self._superseded -= 1
        return True
