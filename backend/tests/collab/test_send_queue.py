"""A connection's send queue: frames in order, stale cursors skipped, a hopeless reader closed."""

import asyncio
from typing import Any, cast

from starlette.websockets import WebSocket

from pairpad.collab.peer import SocketPeer
from pairpad.collab.protocol import CloseCode


class RecordingSocket:
    """What the pump writes to, in place of a browser's connection."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None

    async def send_text(self, text: str) -> None:
        self.sent.append(text)

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


def peer_on(socket: RecordingSocket, queue_size: int) -> SocketPeer:
    return SocketPeer(cast(WebSocket, socket), queue_size)


async def drain(peer: SocketPeer) -> None:
    peer.close(CloseCode.NORMAL, "done")
    await asyncio.wait_for(peer.pump(), timeout=5)


async def test_a_newer_cursor_of_the_same_person_replaces_the_waiting_one() -> None:
    socket = RecordingSocket()
    peer = peer_on(socket, queue_size=10)
    frames: list[tuple[str, Any]] = [
        ("update 1", None),
        ("ada at 1", "cursor:ada"),
        ("linus at 5", "cursor:linus"),
        ("ada at 2", "cursor:ada"),
        ("update 2", None),
        ("ada at 3", "cursor:ada"),
    ]
    for frame, replaces in frames:
        peer.send(frame, replaces)
    await drain(peer)
    assert socket.sent == ["update 1", "linus at 5", "update 2", "ada at 3"]


async def test_cursors_of_one_person_never_fill_the_queue() -> None:
    socket = RecordingSocket()
    peer = peer_on(socket, queue_size=3)
    for position in range(100):
        peer.send(f"ada at {position}", "cursor:ada")
    assert not peer.closing
    await drain(peer)
    assert socket.sent == ["ada at 99"]


async def test_a_reader_that_falls_too_far_behind_is_closed_to_catch_up_later() -> None:
    socket = RecordingSocket()
    peer = peer_on(socket, queue_size=3)
    for number in range(4):
        peer.send(f"update {number}")
    assert peer.closing
    await asyncio.wait_for(peer.pump(), timeout=5)
    assert socket.sent == []
    assert socket.closed == (CloseCode.TRY_AGAIN_LATER, "too slow: reconnect with since")
