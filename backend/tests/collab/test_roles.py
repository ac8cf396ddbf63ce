"""Roles over the WebSocket, on a real server: what viewers, editors and the host may send."""

import asyncio
import contextlib
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import ServerProcess, as_host

EDITS: list[dict[str, Any]] = [
    {"type": "push", "version": 0, "updates": [{"clientID": "v", "changes": [[0, "x"], 6]}]},
    {"type": "code_update", "code": "mine\n"},
    {"type": "language", "language": "javascript"},
    {"type": "rename", "name": "Mine"},
    {"type": "run"},
]


async def create(server: ServerProcess) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.post("/rooms", json={"code": "start\n"})
    return dict(response.json())


async def patch(server: ServerProcess, room: dict[str, Any], **body: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        return await http.patch(
            f"/rooms/{room['roomId']}", json=body, headers=as_host(room["hostKey"])
        )


async def join_as_host(server: ServerProcess, room: dict[str, Any], **options: Any) -> RoomClient:
    return await RoomClient.join(
        server.ws_url,
        room["roomId"],
        subprotocols=["pairpad", f"pairpad.host.{room['hostKey']}"],
        **options,
    )


async def closed_with(client: RoomClient) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(10):
            while True:
                await client.receive()
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


async def stays_open(client: RoomClient) -> None:
    await client.send({"type": "ping"})
    await client.expect("pong")


async def test_a_viewer_sees_everything_live_and_may_change_nothing(
    live_server: ServerProcess,
) -> None:
    room = await create(live_server)
    viewer = await RoomClient.join(live_server.ws_url, room["viewId"], name="Watcher")
    editor = await RoomClient.join(live_server.ws_url, room["roomId"], name="Ada")
    assert viewer.welcome["you"]["role"] == "viewer" and editor.welcome["you"]["role"] == "editor"
    assert viewer.welcome["room"]["id"] == room["viewId"]
    assert room["roomId"] not in str(viewer.welcome)
    joined = await viewer.expect("participant_joined")
    assert joined["user"]["role"] == "editor"
    for message in EDITS:
        await viewer.send(message)
        error = await viewer.expect("error")
        assert error["code"] == "read_only", error
    await stays_open(viewer)
    await editor.push([[0, "# Ada", ""], 6])
    await viewer.sync_to(1)
    await editor.sync_to(1)
    assert viewer.text == editor.text == "# Ada\nstart\n"
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        stored = (await http.get(f"/rooms/{room['roomId']}")).json()
    assert (stored["code"], stored["name"], stored["language"]) == (
        "# Ada\nstart\n",
        "Untitled room",
        "python",
    )
    await viewer.close()
    await editor.close()


async def test_ending_the_interview_makes_editors_read_only_until_it_reopens(
    live_server: ServerProcess,
) -> None:
    room = await create(live_server)
    editor = await RoomClient.join(live_server.ws_url, room["roomId"])
    host = await join_as_host(live_server, room)
    assert host.welcome["you"]["role"] == "host"
    assert (await patch(live_server, room, status="ended")).status_code == 200
    status = await editor.expect("status")
    assert (status["status"], editor.welcome["room"]["status"]) == ("ended", "active")
    await editor.push([[0, "late"], 6])
    assert (await editor.expect("error"))["code"] == "read_only"
    await host.push([[0, "host "], 6])
    await editor.sync_to(1)
    assert (await patch(live_server, room, status="active")).status_code == 200
    await editor.expect("status")
    await editor.push([[0, "again "], 11])
    await editor.sync_to(2)
    assert editor.text == "again host start\n"
    await editor.close()
    await host.close()


async def test_the_host_removes_a_participant_and_only_the_host_may(
    live_server: ServerProcess,
) -> None:
    room = await create(live_server)
    host = await join_as_host(live_server, room)
    ada = await RoomClient.join(live_server.ws_url, room["roomId"], name="Ada")
    bob = await RoomClient.join(live_server.ws_url, room["roomId"], name="Bob")
    await ada.send({"type": "remove", "userId": bob.id})
    assert (await ada.expect("error"))["code"] == "forbidden"
    await host.send({"type": "remove", "userId": bob.id})
    assert await closed_with(bob) == 4403
    left = await ada.expect("participant_left")
    assert left["userId"] == bob.id
    await stays_open(ada)
    await ada.close()
    await host.close()


async def test_rotating_the_edit_link_closes_editors_who_came_through_it(
    live_server: ServerProcess,
) -> None:
    room = await create(live_server)
    editor = await RoomClient.join(live_server.ws_url, room["roomId"])
    viewer = await RoomClient.join(live_server.ws_url, room["viewId"])
    host = await join_as_host(live_server, room)
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        rotated = await http.post(
            f"/rooms/{room['roomId']}/edit-link", headers=as_host(room["hostKey"])
        )
    assert await closed_with(editor) == 4410
    await stays_open(viewer)
    await stays_open(host)  # the host came through the old link too, but holds the key
    await host.close()
    # The old link admits nobody: the handshake is accepted, then closed with 4404.
    refused = await websockets.connect(f"{live_server.ws_url}/ws/{room['roomId']}")
    await asyncio.wait_for(refused.wait_closed(), 10)
    assert refused.close_code == 4404
    newcomer = await RoomClient.join(live_server.ws_url, rotated.json()["roomId"])
    assert newcomer.welcome["you"]["role"] == "editor"
    await newcomer.close()
    await viewer.close()


async def test_a_full_room_still_admits_its_host_and_viewers_have_a_cap_of_their_own(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(MAX_PARTICIPANTS="1", MAX_VIEWERS="1")
    room = await create(server)
    editor = await RoomClient.join(server.ws_url, room["roomId"])
    viewer = await RoomClient.join(server.ws_url, room["viewId"])
    for link in (room["roomId"], room["viewId"]):
        extra = await websockets.connect(f"{server.ws_url}/ws/{link}")
        await asyncio.wait_for(extra.wait_closed(), 10)
        assert extra.close_code == 4429
    host = await join_as_host(server, room)
    assert host.welcome["you"]["role"] == "host"
    for client in (editor, viewer, host):
        await client.close()


async def test_a_wrong_host_key_is_refused_and_a_header_works_like_the_subprotocol(
    live_server: ServerProcess,
) -> None:
    room = await create(live_server)
    wrong = await websockets.connect(
        f"{live_server.ws_url}/ws/{room['roomId']}",
        additional_headers={"authorization": "Bearer nope"},
    )
    assert '"forbidden"' in str(await asyncio.wait_for(wrong.recv(), 10))
    await asyncio.wait_for(wrong.wait_closed(), 10)
    assert wrong.close_code == 1008
    header = await RoomClient.join(
        live_server.ws_url, room["viewId"], additional_headers=as_host(room["hostKey"])
    )
    assert header.welcome["you"]["role"] == "host"
    await header.close()


async def test_the_host_key_and_notes_reach_no_log_message_or_answer_of_anyone_else(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(LOG_LEVEL="debug")
    room = await create(server)
    secret_notes = "candidate-hesitated-on-heaps-7f3a"
    editor = await RoomClient.join(server.ws_url, room["roomId"], name="Ada")
    viewer = await RoomClient.join(server.ws_url, room["viewId"], name="Watcher")
    host = await join_as_host(server, room)
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        as_the_host = as_host(room["hostKey"])
        put = await http.put(
            f"/rooms/{room['roomId']}/notes", json={"text": secret_notes}, headers=as_the_host
        )
        assert put.status_code == 200
        for status in ("ended", "active"):
            await http.patch(
                f"/rooms/{room['roomId']}", json={"status": status}, headers=as_the_host
            )
        await host.push([[0, "# host", ""], 6])
        await editor.sync_to(1)
        await editor.push([editor.doc.length, [0, "# ada"]])
        await editor.sync_to(2)
        answers = [
            (await http.request(method, f"/rooms/{link}{path}")).text
            for link in (room["roomId"], room["viewId"])
            for method, path in (
                ("GET", ""),
                ("GET", "/history"),
                ("GET", "/versions/1"),
                ("GET", "/participants"),
                ("GET", "/notes"),
            )
        ]
    await viewer.sync_to(2)
    await host.close()
    await asyncio.sleep(0.5)  # the host leaving reaches the others
    seen = [*answers, str(editor.welcome), str(viewer.welcome)]
    for client in (editor, viewer):
        seen += [str(message) for message in client.inbox] + [str(client.seen_updates)]
        with contextlib.suppress(TimeoutError):
            while True:
                seen.append(str(await client.receive(timeout=0.5)))
        await client.close()
    assert server.log_path is not None
    seen.append(server.log_path.read_text())
    for text in seen:
        assert room["hostKey"] not in text
        assert secret_notes not in text
    assert any('"status":"ended"' in text.replace(" ", "").replace("'", '"') for text in seen)
