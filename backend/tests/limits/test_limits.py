"""Limits are settings, and each one holds against a client that exceeds it."""

import asyncio
import json

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import (
    ServerProcess,
    as_host,
    create_room_on,
    create_room_with_key_on,
    get_room_on,
)


async def closing_code(socket: websockets.ClientConnection) -> tuple[list[dict], int]:
    """Read until the server closes; return the frames seen and the close code."""
    frames = []
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(10):
            while True:
                frames.append(json.loads(await socket.recv()))
    assert closed.value.rcvd is not None
    return frames, closed.value.rcvd.code


async def test_message_flood_gets_rate_limited_then_closed_1008(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(WS_RATE_PER_SECOND="5", WS_RATE_BURST="10")
    room_id = await create_room_on(server)
    async with websockets.connect(f"{server.ws_url}/ws/{room_id}") as socket:
        for _ in range(30):
            await socket.send('{"type": "ping"}')
        frames, code = await closing_code(socket)
    assert code == 1008
    assert frames[-1]["code"] == "rate_limited"
    assert sum(frame["type"] == "pong" for frame in frames) == 10


async def test_oversized_message_closes_1009_and_changes_nothing(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(MAX_MESSAGE_BYTES="10000")
    room_id = await create_room_on(server, code="keep")
    async with websockets.connect(f"{server.ws_url}/ws/{room_id}") as socket:
        await socket.recv()
        await socket.send(json.dumps({"type": "code_update", "code": "x" * 20_000}))
        _, code = await closing_code(socket)
    assert code == 1009
    assert (await get_room_on(server, room_id))["code"] == "keep"


async def test_document_size_limit_refuses_growth(start_server: type[ServerProcess]) -> None:
    server = start_server(MAX_DOCUMENT_CHARS="10")
    room_id = await create_room_on(server, code="12345")
    editor = await RoomClient.join(server.ws_url, room_id)
    await editor.push([5, [0, "678901"]])
    assert (await editor.expect("error"))["code"] == "document_too_large"
    await editor.send({"type": "code_update", "code": "x" * 11})
    assert (await editor.expect("error"))["code"] == "document_too_large"
    assert (await get_room_on(server, room_id))["code"] == "12345"
    await editor.close()


async def test_room_creation_is_rate_limited_per_address(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(ROOM_CREATION_BURST="3", ROOM_CREATION_PER_MINUTE="1")
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        statuses = [(await http.post("/rooms")).status_code for _ in range(5)]
        limited = await http.post("/rooms")
    assert statuses == [201, 201, 201, 429, 429]
    assert limited.json()["error"]["code"] == "rate_limited"


async def test_rest_changes_are_rate_limited_per_address_and_refused_ones_change_nothing(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(ROOM_CHANGES_BURST="5", ROOM_CHANGES_PER_MINUTE="1")
    room_id, host_key = await create_room_with_key_on(server)
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        statuses = [
            (await http.patch(f"/rooms/{room_id}", json={"code": f"v{n}"})).status_code
            for n in range(20)
        ]
        restore = await http.post(f"/rooms/{room_id}/restore", json={"version": 1})
        delete = await http.delete(f"/rooms/{room_id}", headers=as_host(host_key))
    assert statuses == [200] * 5 + [429] * 15
    for refused in (restore, delete):
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
    room = await get_room_on(server, room_id)
    assert (room["code"], room["version"]) == ("v4", 5)


async def test_long_display_names_are_cut_and_control_characters_dropped(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server)
    editor = await RoomClient.join(live_server.ws_url, room_id, name="A%0Ab" + "c" * 300)
    assert editor.welcome["you"]["name"] == "Ab" + "c" * 98
    await editor.close()


async def test_metrics_count_connections_updates_and_errors(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server)
    editor = await RoomClient.join(live_server.ws_url, room_id)
    await editor.push([[0, "x"]])
    await editor.sync_to(1)
    await editor.send({"type": "nonsense"})
    await editor.expect("error")
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        response = await http.get("/metrics")
    assert response.status_code == 200
    samples = {
        line.split(" ")[0]: float(line.split(" ")[1])
        for line in response.text.splitlines()
        if line and not line.startswith("#")
    }
    assert samples["pairpad_connections"] >= 1
    assert samples["pairpad_open_rooms"] >= 1
    assert samples["pairpad_updates_total"] >= 1
    assert samples["pairpad_commit_seconds_count"] >= 1
    assert samples['pairpad_errors_total{code="unknown_type"}'] >= 1
    await editor.close()


async def test_peer_that_stops_answering_pings_is_dropped_and_announced(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(WS_PING_INTERVAL_SECONDS="0.5", WS_PING_TIMEOUT_SECONDS="0.5")
    room_id = await create_room_on(server)
    watcher = await RoomClient.join(server.ws_url, room_id)
    # A client that reads nothing more after its welcome cannot answer pings either.
    silent = await websockets.connect(
        f"{server.ws_url}/ws/{room_id}", max_queue=1, ping_interval=None
    )
    silent_id = json.loads(await silent.recv())["you"]["id"]
    joined = await watcher.expect("participant_joined")
    assert joined["user"]["id"] == silent_id
    for _ in range(20):
        await watcher.send({"type": "cursor", "anchor": 0, "head": 0})
    left = await watcher.expect("participant_left", timeout=15)
    assert left["userId"] == silent_id
    await watcher.close()
