"""A reader that stops reading never stalls the room: its connection is closed with 1013."""

import asyncio
import socket

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import ServerProcess, create_room_on

LINE = 200_000
ROUNDS = 50


async def connect_without_reading(
    server: ServerProcess, room_id: str
) -> websockets.ClientConnection:
    """A client with a tiny receive buffer and no compression that never reads."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", server.port))
    return await websockets.connect(
        f"{server.ws_url}/ws/{room_id}", sock=raw, compression=None, max_queue=1
    )


async def test_slow_reader_is_dropped_while_the_room_keeps_going(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(SEND_QUEUE_SIZE="8")
    room_id = await create_room_on(server, code="x" * LINE)
    slow = await connect_without_reading(server, room_id)
    writer = await RoomClient.join(server.ws_url, room_id)
    for index in range(ROUNDS):
        await writer.push([[LINE, str(index % 10) * LINE]])
        await writer.sync_to(writer.version + 1, timeout=5)
    assert writer.version == ROUNDS
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(30):
            while True:
                await slow.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    again = await RoomClient.join(server.ws_url, room_id, since=0, max_size=None)
    assert len(again.welcome["updates"]) == ROUNDS
    await again.close()
    await writer.close()
