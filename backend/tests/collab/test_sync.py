"""Editing a room over real WebSockets against a real server and PostgreSQL."""

import asyncio
import json

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess, as_host, create_room_with_key_on, get_room_on


async def test_welcome_describes_you_the_room_and_who_is_there(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(name="Pairing", language="javascript", code="let x = 1\n")
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    assert ada.welcome["you"]["name"] == "Ada"
    assert ada.welcome["room"] == {
        "id": room_id,
        "name": "Pairing",
        "language": "javascript",
        "status": "active",
        "version": 0,
        "doc": "let x = 1\n",
    }
    assert ada.welcome["participants"] == []
    assert linus.welcome["participants"] == [ada.welcome["you"]]
    assert linus.welcome["you"]["color"] != ada.welcome["you"]["color"]
    joined = await ada.expect("participant_joined")
    assert joined["user"] == linus.welcome["you"]
    await linus.close()
    assert (await ada.expect("participant_left"))["userId"] == linus.id
    await ada.close()


async def test_push_is_stored_then_broadcast_to_everyone_including_sender(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="hello world")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.push([[5, "bye", "now"], 6, [0, "!"]])
    echoed = await ada.expect("updates")
    assert echoed == {
        "type": "updates",
        "version": 0,
        "updates": [{"clientID": ada.client_id, "changes": [[5, "bye", "now"], 6, [0, "!"]]}],
    }
    await linus.expect("updates")
    assert ada.text == linus.text == "bye\nnow world!"
    stored = await get_room_on(live_server, room_id)
    assert (stored["code"], stored["version"]) == ("bye\nnow world!", 1)
    await ada.close()
    await linus.close()


async def test_stale_push_is_rejected_and_never_applied(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="ab")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.push([1, [0, "A"], 1])
    await ada.expect("updates")
    await linus.push([2, [0, "L"]], version=0)
    assert await linus.expect("rejected") == {"type": "rejected", "version": 1}
    await linus.sync_to(1)
    await linus.push([3, [0, "L"]])
    await linus.expect("updates")
    await ada.sync_to(2)
    assert ada.text == linus.text == "aAbL"
    assert (await get_room_on(live_server, room_id))["code"] == "aAbL"
    await ada.close()
    await linus.close()


async def test_concurrent_pushes_at_one_version_accept_exactly_one(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="")
    editors = [await RoomClient.join(live_server.ws_url, room_id) for _ in range(5)]
    await asyncio.gather(*(e.push([[0, f"<{i}>"]]) for i, e in enumerate(editors)))
    outcomes = await asyncio.gather(*(_first_outcome(editor) for editor in editors))
    assert outcomes.count("accepted") == 1
    assert outcomes.count("rejected") == 4
    for editor in editors:
        await editor.sync_to(1)
    assert len({editor.text for editor in editors}) == 1
    assert (await get_room_on(live_server, room_id))["version"] == 1
    for editor in editors:
        await editor.close()


async def _first_outcome(editor: RoomClient) -> str:
    while True:
        message = await editor.receive()
        if message["type"] == "rejected":
            return "rejected"
        if message["type"] == "updates" and any(
            update["clientID"] == editor.client_id for update in message["updates"]
        ):
            return "accepted"


async def test_since_catches_up_exactly_the_missed_updates(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.push([[0, "one"]])
    await linus.sync_to(1)
    await linus.close()
    await ada.sync_to(1)
    for word in (" two", " three"):
        await ada.push([ada.doc.length, [0, word]])
        await ada.sync_to(ada.version + 1)
    back = await RoomClient.join(live_server.ws_url, room_id, since=1)
    assert back.welcome["room"]["version"] == 3
    assert [u["changes"] for u in back.welcome["updates"]] == [[3, [0, " two"]], [7, [0, " three"]]]
    current = await RoomClient.join(live_server.ws_url, room_id, since=3)
    assert current.welcome["updates"] == []
    ahead = await RoomClient.join(live_server.ws_url, room_id, since=99)
    assert "updates" not in ahead.welcome
    for editor in (ada, back, current, ahead):
        await editor.close()


@pytest.mark.parametrize(
    ("start", "changes", "expected"),
    [
        ("a😀b", [3, [1, "c"]], "a😀c"),
        ("a😀b", [1, [2, "🎉"], 1], "a🎉b"),
        ("日本語", [1, [1, "本本"], 1], "日本本語"),
        ("e\u0301x", [2, [1, "y"]], "e\u0301y"),
        ("👩‍💻 code", [5, [0, "!"], 5], "👩‍💻! code"),
    ],
)
async def test_positions_count_utf16_code_units(
    live_server: ServerProcess, new_room: RoomFactory, start: str, changes: list, expected: str
) -> None:
    room_id = await new_room(code=start)
    editor = await RoomClient.join(live_server.ws_url, room_id)
    await editor.push(changes)
    await editor.expect("updates")
    assert editor.text == expected
    assert (await get_room_on(live_server, room_id))["code"] == expected
    await editor.close()


def push_frame(changes: object, version: int = 0) -> str:
    return json.dumps(
        {"type": "push", "version": version, "updates": [{"clientID": "x", "changes": changes}]}
    )


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_message"),
        ('{"type": "teleport"}', "unknown_type"),
        ('{"type": "push", "version": 0}', "invalid_message"),
        (push_frame([3], version=-1), "invalid_message"),
        (push_frame([2]), "invalid_change"),
        (push_frame([4, [0, "!"]]), "invalid_change"),
        (push_frame([[1, "a\nb"], 2]), "invalid_change"),
        (push_frame([1, [1, "?"], 1]), "invalid_change"),
        (push_frame(["3"]), "invalid_change"),
        (push_frame([True, 2]), "invalid_change"),
        (push_frame([[0, "\ud800"], 3]), "invalid_json"),
        ('{"type": "cursor", "anchor": -4, "head": 0}', "invalid_message"),
        ('{"type": "language", "language": "cobol"}', "invalid_message"),
        ('{"type": "rename", "name": ""}', "invalid_message"),
    ],
)
async def test_bad_frames_get_an_error_and_change_nothing(
    live_server: ServerProcess, new_room: RoomFactory, frame: str, code: str
) -> None:
    room_id = await new_room(code="😀x")
    editor = await RoomClient.join(live_server.ws_url, room_id)
    await editor.socket.send(frame)
    error = await editor.expect("error")
    assert error["code"] == code
    assert error["message"]
    await editor.send({"type": "ping"})
    await editor.expect("pong")
    stored = await get_room_on(live_server, room_id)
    assert (stored["code"], stored["version"], stored["language"]) == ("😀x", 0, "python")
    await editor.close()


async def test_unknown_room_closes_with_4404(live_server: ServerProcess) -> None:
    async with websockets.connect(f"{live_server.ws_url}/ws/no-such-room") as socket:
        error = json.loads(await socket.recv())
        assert error["code"] == "room_not_found"
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404


async def test_full_room_sends_error_then_closes_with_4429(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(MAX_PARTICIPANTS="2")
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        room_id = (await http.post("/rooms")).json()["roomId"]
    inside = [await RoomClient.join(server.ws_url, room_id) for _ in range(2)]
    async with websockets.connect(f"{server.ws_url}/ws/{room_id}") as socket:
        assert json.loads(await socket.recv())["code"] == "room_full"
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    for editor in inside:
        await editor.close()


async def test_code_update_becomes_a_minimal_change(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="print('hi')\n")
    simple = await RoomClient.join(live_server.ws_url, room_id)
    watcher = await RoomClient.join(live_server.ws_url, room_id)
    await simple.send({"type": "code_update", "code": "print('hello')\r\nprint(2)\n"})
    update = await watcher.expect("updates")
    assert update["updates"] == [
        {"clientID": simple.id, "changes": [8, [2, "ello')", "print(2"], 2]}
    ]
    assert watcher.text == "print('hello')\nprint(2)\n"
    await simple.close()
    await watcher.close()


async def test_rest_code_replacement_reaches_connected_editors(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="old")
    editor = await RoomClient.join(live_server.ws_url, room_id)
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        response = await http.patch(f"/rooms/{room_id}", json={"code": "new", "name": "Renamed"})
        assert response.json()["version"] == 1
    await editor.sync_to(1)
    assert editor.text == "new"
    renamed = await editor.expect("rename")
    assert renamed == {"type": "rename", "name": "Renamed", "userId": "api"}
    await editor.close()


async def test_cursor_language_and_rename_reach_the_others(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room()
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await ada.send({"type": "cursor", "anchor": 0, "head": 0, "version": 0})
    cursor = await linus.expect("cursor")
    assert cursor == {"type": "cursor", "userId": ada.id, "anchor": 0, "head": 0, "version": 0}
    await ada.send({"type": "language", "language": "typescript"})
    assert (await linus.expect("language")) == {
        "type": "language",
        "language": "typescript",
        "userId": ada.id,
    }
    await linus.send({"type": "rename", "name": "Round 2"})
    assert (await ada.expect("rename"))["name"] == "Round 2"
    stored = await get_room_on(live_server, room_id)
    assert (stored["language"], stored["name"], stored["participantCount"]) == (
        "typescript",
        "Round 2",
        2,
    )
    await ada.close()
    await linus.close()


async def test_deleting_a_room_closes_its_editors_with_4404(live_server: ServerProcess) -> None:
    room_id, host_key = await create_room_with_key_on(live_server)
    editor = await RoomClient.join(live_server.ws_url, room_id)
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        deleted = await http.delete(f"/rooms/{room_id}", headers=as_host(host_key))
        assert deleted.status_code == 204
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await editor.receive()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404


async def test_text_survives_a_server_restart(start_server: type[ServerProcess]) -> None:
    server = start_server(SNAPSHOT_INTERVAL="3")
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        room_id = (await http.post("/rooms")).json()["roomId"]
    editor = await RoomClient.join(server.ws_url, room_id)
    for index in range(7):
        await editor.push([editor.doc.length, [0, f"{index};"]])
        await editor.sync_to(index + 1)
    await editor.close()
    server.kill()
    server.start()
    stored = await get_room_on(server, room_id)
    assert (stored["code"], stored["version"]) == ("0;1;2;3;4;5;6;", 7)
    again = await RoomClient.join(server.ws_url, room_id, since=2)
    assert len(again.welcome["updates"]) == 5
    await again.close()


async def test_cross_site_origin_is_refused_and_same_origin_allowed(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room()
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(
            f"{live_server.ws_url}/ws/{room_id}", origin="https://evil.example"
        )
    assert refused.value.response.status_code == 403
    own = await RoomClient.join(
        live_server.ws_url,
        room_id,
        origin=live_server.base_url,  # type: ignore[arg-type]
    )
    await own.close()
