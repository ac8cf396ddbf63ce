"""The database goes away during edits: nothing is confirmed unstored, nothing is lost."""

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
import websockets
from sqlalchemy.engine import make_url
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import ServerProcess, create_room_on, get_room_on
from tests.tcp_proxy import TcpProxy


@pytest.fixture
async def database_proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    url = make_url(database_url)
    proxy = await TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    yield proxy
    await proxy.stop()


def through(proxy: TcpProxy, database_url: str) -> str:
    return make_url(database_url).set(port=proxy.port).render_as_string(False)


async def test_outage_holds_confirmations_until_stored_then_everyone_converges(
    database_url: str, database_proxy: TcpProxy
) -> None:
    # The proxy lives on this event loop, so the blocking start runs in a thread.
    server = ServerProcess(
        through(database_proxy, database_url), env={"COMMIT_TIMEOUT_SECONDS": "1"}
    )
    await asyncio.to_thread(server.start)
    try:
        room_id = await create_room_on(server, code="")
        ada = await RoomClient.join(server.ws_url, room_id)
        linus = await RoomClient.join(server.ws_url, room_id)
        await ada.push([[0, "before;"]])
        await ada.sync_to(1)

        database_proxy.cut()
        await ada.push([7, [0, "during;"]])
        with pytest.raises(TimeoutError):
            await ada.expect("updates", timeout=2)
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            assert (await http.get("/ready")).status_code == 503
            outage = await http.get(f"/rooms/{room_id}")
            assert outage.status_code in (200, 503)
            if outage.status_code == 200:
                assert outage.json()["version"] == 1
        await linus.send({"type": "ping"})
        await linus.expect("pong")
        assert linus.version == 1

        database_proxy.restore()
        await ada.sync_to(2, timeout=15)
        await linus.sync_to(2, timeout=15)
        await linus.push([14, [0, "after;"]])
        await ada.sync_to(3)
        await linus.sync_to(3)
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            assert (await http.get("/ready")).status_code == 200
        stored = await get_room_on(server, room_id)
        assert stored["code"] == ada.text == linus.text == "before;during;after;"
        assert stored["version"] == 3
        await ada.close()
        await linus.close()
    finally:
        await asyncio.to_thread(server.stop)
    assert "Traceback" not in server.log()


async def test_joining_during_an_outage_is_told_to_retry(
    database_url: str, database_proxy: TcpProxy
) -> None:
    server = ServerProcess(through(database_proxy, database_url))
    await asyncio.to_thread(server.start)
    try:
        room_id = await create_room_on(server)
        database_proxy.cut()
        await asyncio.sleep(0.2)
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            response = await http.post("/rooms")
            assert response.status_code == 503
            assert response.json()["error"]["code"] == "database_unavailable"
        async with websockets.connect(f"{server.ws_url}/ws/{room_id}") as socket:
            assert json.loads(await socket.recv())["code"] == "database_unavailable"
            with pytest.raises(ConnectionClosed) as closed:
                await socket.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
        database_proxy.restore()
        editor = await RoomClient.join(server.ws_url, room_id)
        await editor.close()
    finally:
        await asyncio.to_thread(server.stop)
