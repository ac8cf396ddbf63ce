"""Sockets that send their headers slowly (slowloris) are closed and cannot lock others out."""

import asyncio
import contextlib
import time
from collections.abc import Iterator

import httpx
import pytest

from pairpad.client import RoomClient
from tests.server import ServerProcess, create_room_on

HEADER_TIMEOUT = 2.0
SLOTS = 5
SLOW_SOCKETS = 8
REQUEST_START = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[ServerProcess]:
    """One server for these tests: each leaves no connection open behind it."""
    env = {
        "MAX_CONNECTIONS": str(SLOTS),
        "HTTP_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "AUTOCOMPLETE_WARM_UP": "false",
    }
    started = ServerProcess(database_url, env=env).start()
    yield started
    started.stop()


async def trickle_headers(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, every: float = 0.3
) -> float:
    """Send a header line every `every` seconds, never the blank line that ends them, until
    the server closes the connection; return how long that took."""
    started = time.monotonic()
    with contextlib.suppress(ConnectionError):
        while True:
            writer.write(b"X-Slow: 1\r\n")
            await writer.drain()
            with contextlib.suppress(TimeoutError):
                if await asyncio.wait_for(reader.read(1024), every) == b"":
                    break
    writer.close()
    return time.monotonic() - started


async def open_slow_request(
    server: ServerProcess,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(REQUEST_START)
    await writer.drain()
    return reader, writer


async def health_status(server: ServerProcess) -> int:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        return (await http.get("/health", timeout=5)).status_code


async def test_slow_header_sockets_are_closed_and_everyone_else_is_served_again(
    server: ServerProcess,
) -> None:
    sockets = [await open_slow_request(server) for _ in range(SLOW_SOCKETS)]
    attacked_at = time.monotonic()
    trickles = [asyncio.create_task(trickle_headers(reader, writer)) for reader, writer in sockets]
    try:
        # The attack holds every slot while the sockets are open...
        assert await health_status(server) == 503

        # ...and no longer than the header timeout, however busily they trickle.
        status = 503
        while status != 200 and time.monotonic() - attacked_at < HEADER_TIMEOUT + 5:
            await asyncio.sleep(0.1)
            status = await health_status(server)
        served_after = time.monotonic() - attacked_at
        assert status == 200
        assert HEADER_TIMEOUT - 0.5 < served_after < HEADER_TIMEOUT + 3

        closed_after = await asyncio.wait_for(asyncio.gather(*trickles), 5)
        assert all(HEADER_TIMEOUT - 0.5 < took < HEADER_TIMEOUT + 2 for took in closed_after)
        assert "its headers took over 2s" in server.log()
    finally:
        for trickle in trickles:
            trickle.cancel()
        for _, writer in sockets:
            writer.close()


async def test_a_slow_second_request_on_a_kept_alive_connection_is_closed(
    server: ServerProcess,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(REQUEST_START + b"\r\n")
    await writer.drain()
    assert (await reader.readuntil(b"\r\n")).startswith(b"HTTP/1.1 200")
    await asyncio.wait_for(reader.readuntil(b"}"), 5)  # the body: {"status":"ok"}

    # The next request starts at once (so uvicorn's keep-alive timeout no longer applies) and
    # never finishes its headers.
    writer.write(REQUEST_START)
    took = await asyncio.wait_for(trickle_headers(reader, writer), HEADER_TIMEOUT + 5)
    assert HEADER_TIMEOUT - 0.5 < took < HEADER_TIMEOUT + 2


async def test_headers_within_the_timeout_and_websockets_outliving_it_are_served(
    server: ServerProcess,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(REQUEST_START)
    await writer.drain()
    await asyncio.sleep(HEADER_TIMEOUT / 2)
    writer.write(b"\r\n")
    await writer.drain()
    assert (await asyncio.wait_for(reader.readuntil(b"\r\n"), 5)).startswith(b"HTTP/1.1 200")
    writer.close()
    await writer.wait_closed()

    room_id = await create_room_on(server)
    editor = await RoomClient.join(server.ws_url, room_id)
    await asyncio.sleep(HEADER_TIMEOUT + 1)
    await editor.send({"type": "ping"})
    assert (await editor.expect("pong"))["type"] == "pong"
    await editor.close()
