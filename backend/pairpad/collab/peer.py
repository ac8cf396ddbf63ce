"""A WebSocket connection as the hub sees it: frames queued without waiting, sent in order."""

import asyncio
import logging
import secrets
from collections import deque

from starlette.websockets import WebSocket

from pairpad.collab.protocol import CloseCode

logger = logging.getLogger(__name__)


def new_peer_id() -> str:
    return secrets.token_urlsafe(9)


class SocketPeer:
    """Bounded send queue: a reader too slow to keep up is closed and catches up on reconnect."""

    def __init__(self, websocket: WebSocket, queue_size: int) -> None:
        self.id = new_peer_id()
        self._websocket = websocket
        self._frames: deque[str] = deque()
        self._queue_size = queue_size
        self._ready = asyncio.Event()
        self._close_with: tuple[int, str] | None = None

    @property
    def closing(self) -> bool:
        return self._close_with is not None

    def send(self, frame: str) -> None:
        if self._close_with is not None:
            return
        if len(self._frames) >= self._queue_size:
            logger.warning("peer %s: send queue full, closing", self.id)
            self._frames.clear()
            self.close(CloseCode.TRY_AGAIN_LATER, "too slow: reconnect with since")
            return
        self._frames.append(frame)
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
                await self._websocket.send_text(self._frames.popleft())
            if self._close_with is not None:
                await self._websocket.close(*self._close_with)
                return
