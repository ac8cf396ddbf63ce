"""Bundles (`bundle=1`): what waits in a connection's queue goes out in one message, in order."""

import asyncio
import socket
from typing import Any, cast

import orjson
from starlette.websockets import WebSocket

from pairpad.client import RoomClient, messages_in
from pairpad.collab.peer import BUNDLE_BYTES, SocketPeer
from tests.collab.test_send_queue import RecordingSocket, drain
from tests.server import ServerProcess, create_room_on

LINE = 200_000
BIG_ROUNDS = 50
SMALL_ROUNDS = 30


def bundling_peer(socket_: RecordingSocket) -> SocketPeer:
    return SocketPeer(cast(WebSocket, socket_), 1000, bundle=True)


async def test_frames_waiting_together_go_out_as_one_array_in_order() -> None:
    sent = RecordingSocket()
    peer = bundling_peer(sent)
    for frame, replaces in [
        ('{"n":1}', None),
        ('{"ada":1}', "cursor:ada"),
        ('{"n":2}', None),
        ('{"ada":2}', "cursor:ada"),
    ]:
        peer.send(frame, replaces)
    await drain(peer)
    assert [orjson.loads(frame) for frame in sent.sent] == [[{"n": 1}, {"n": 2}, {"ada": 2}]]


async def test_a_bundle_stays_within_its_size_and_a_larger_message_goes_alone() -> None:
    sent = RecordingSocket()
    peer = bundling_peer(sent)
    small = orjson.dumps({"text": "s" * 1000}).decode()
    large = orjson.dumps({"text": "L" * BUNDLE_BYTES}).decode()
    frames = [small] * 100 + [large] + [small] * 3
    for frame in frames:
        peer.send(frame)
    await drain(peer)
    received = [message for frame in sent.sent for message in messages_in(frame)]
    assert received == [orjson.loads(frame) for frame in frames]
    assert orjson.loads(large) in [orjson.loads(frame) for frame in sent.sent]
    assert all(len(frame) <= BUNDLE_BYTES + 2 for frame in sent.sent if frame.startswith("["))
    assert len(sent.sent) < len(frames) / 10


async def reader_that_pauses(server: ServerProcess, room_id: str) -> RoomClient:
    """A bundling client with a tiny receive buffer: while it does not read, the server's
    writes back up and what it sends next waits in the queue."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", server.port))
    return await RoomClient.join(
        server.ws_url, room_id, bundle=True, sock=raw, compression=None, max_size=None
    )


async def test_a_reader_that_fell_behind_gets_bundles_and_the_same_text(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server, code="x" * LINE)
    paused = await reader_that_pauses(live_server, room_id)
    plain = await RoomClient.join(live_server.ws_url, room_id, max_size=None)
    writer = await RoomClient.join(live_server.ws_url, room_id, max_size=None)
    for index in range(BIG_ROUNDS):
        await writer.push([[LINE, str(index % 10) * LINE]])
        await writer.sync_to(writer.version + 1, timeout=10)
    for index in range(SMALL_ROUNDS):
        await writer.push([[0, str(index % 10)], writer.doc.length])
        await writer.sync_to(writer.version + 1, timeout=10)

    frames: list[Any] = []
    async with asyncio.timeout(30):
        while paused.version < writer.version:
            frame = orjson.loads(await paused.socket.recv())
            frames.append(frame)
            for message in frame if isinstance(frame, list) else [frame]:
                if message["type"] == "updates":
                    paused.apply(message)
        while plain.version < writer.version:
            frame = orjson.loads(await plain.socket.recv())
            assert isinstance(frame, dict), "bundled for a client that did not ask"
            if frame["type"] == "updates":
                plain.apply(frame)
    assert any(isinstance(frame, list) and len(frame) > 1 for frame in frames)
    assert paused.text == plain.text == writer.text
    await asyncio.gather(paused.close(), plain.close(), writer.close())
