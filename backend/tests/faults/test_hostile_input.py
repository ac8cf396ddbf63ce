"""Inputs a stranger can send to any room: each is refused with a clear error, changes nothing,
and never stops another room from saving."""

import asyncio
from typing import Any

import httpx
import pytest
import websockets

from pairpad.client import RoomClient
from tests.server import ServerProcess, create_room_on, get_room_on

NUL = "\u0000"


async def saves_promptly(server: ServerProcess, text: str) -> None:
    """Another room's edit is stored and acknowledged within a couple of seconds."""
    room_id = await create_room_on(server)
    editor = await RoomClient.join(server.ws_url, room_id)
    try:
        await editor.push([[0, text]])
        await editor.sync_to(1, timeout=2)
    finally:
        await editor.close()
    assert (await get_room_on(server, room_id))["code"] == text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": f"a{NUL}b"}, "invalid_code"),
        ({"name": f"bad{NUL}name"}, "validation_error"),
    ],
)
async def test_a_nul_in_a_rest_write_is_refused_and_other_rooms_keep_saving(
    live_server: ServerProcess, body: dict[str, Any], field: str
) -> None:
    room_id = await create_room_on(live_server, code="kept")
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        patched = await http.patch(f"/rooms/{room_id}", json=body)
        created = await http.post("/rooms", json=body)
        ready = await http.get("/ready")
    for response in (patched, created):
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == field
        assert "U+0000" in response.json()["error"]["message"]
    assert ready.status_code == 200
    room = await get_room_on(live_server, room_id)
    assert (room["code"], room["version"], room["name"]) == ("kept", 0, "Untitled room")
    await saves_promptly(live_server, "still saving")


async def test_a_nul_over_the_websocket_is_refused_and_other_rooms_keep_saving(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server, code="kept")
    editor = await RoomClient.join(live_server.ws_url, room_id)
    try:
        await editor.send({"type": "code_update", "code": f"x{NUL}"})
        assert (await editor.expect("error"))["code"] == "invalid_change"
        await editor.push([4, [0, NUL]])
        assert (await editor.expect("error"))["code"] == "invalid_change"
        await editor.send(
            {"type": "push", "version": 0, "updates": [{"clientID": NUL, "changes": [4]}]}
        )
        assert (await editor.expect("error"))["code"] == "invalid_message"
        await editor.send({"type": "rename", "name": f"a{NUL}"})
        assert (await editor.expect("error"))["code"] == "invalid_message"
        await editor.send({"type": "ping"})
        await editor.expect("pong")  # the socket stays open after each refusal
    finally:
        await editor.close()
    room = await get_room_on(live_server, room_id)
    assert (room["code"], room["version"], room["name"]) == ("kept", 0, "Untitled room")
    await saves_promptly(live_server, "still saving")


@pytest.mark.parametrize(
    "room_id", ["%00", "abcd-efgh-jkmn%00", "a" * 64, "%C2%B2", "ABCD-EFGH-JKMNP"]
)
async def test_a_room_id_that_cannot_exist_is_not_found(
    live_server: ServerProcess, room_id: str
) -> None:
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        for response in (
            await http.get(f"/rooms/{room_id}"),
            await http.get(f"/rooms/{room_id}/history"),
            await http.patch(f"/rooms/{room_id}", json={"name": "x"}),
        ):
            assert response.status_code == 404, response.text
            assert response.json()["error"]["code"] == "room_not_found"


@pytest.mark.parametrize("since", ["\u00b2", "1" * 5000, "99999999999", "-1", "1.5", "\u0661"])
async def test_a_since_that_is_no_version_is_refused_with_invalid_since(
    live_server: ServerProcess, since: str
) -> None:
    room_id = await create_room_on(live_server)
    async with websockets.connect(f"{live_server.ws_url}/ws/{room_id}?since={since}") as socket:
        frame = await asyncio.wait_for(socket.recv(), 5)
        assert '"invalid_since"' in str(frame)
        await asyncio.wait_for(socket.wait_closed(), 5)
    assert socket.close_code == 1008


@pytest.mark.parametrize("field", ["anchor", "head", "version"])
async def test_numbers_beyond_a_version_are_refused_without_dropping_the_socket(
    live_server: ServerProcess, field: str
) -> None:
    room_id = await create_room_on(live_server)
    editor = await RoomClient.join(live_server.ws_url, room_id)
    try:
        cursor: dict[str, Any] = {"type": "cursor", "anchor": 0, "head": 0, field: 10**30}
        await editor.send(cursor)
        assert (await editor.expect("error"))["code"] == "invalid_message"
        await editor.push([[0, "x"]], version=2**40)
        assert (await editor.expect("error"))["code"] == "invalid_message"
        await editor.send({"type": "ping"})
        await editor.expect("pong")
    finally:
        await editor.close()


@pytest.mark.parametrize(
    "path", ["/rooms/{room}/versions/99999999999", "/rooms/{room}/history?since=99999999999"]
)
async def test_history_numbers_beyond_a_version_are_refused(
    live_server: ServerProcess, path: str
) -> None:
    room_id = await create_room_on(live_server)
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        response = await http.get(path.format(room=room_id))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "validation_error"
