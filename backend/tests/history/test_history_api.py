"""History, versions and restore, through a real server and real editors."""

import random

import httpx
import pytest

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess, create_room_on


async def edit_randomly(editor: RoomClient, rng: random.Random, count: int) -> list[str]:
    """Make `count` random edits, each confirmed; return the text after each version."""
    texts = [editor.text]
    for _ in range(count):
        length = editor.doc.length
        boundaries = [p for p in range(length + 1) if not editor.doc.splits_surrogate_pair(p)]
        start = rng.choice(boundaries)
        end = rng.choice([p for p in boundaries if start <= p <= start + 3])
        inserted = rng.choice(["a", "bc", "\n", "😀", "日本", ""])
        if start == end and not inserted:
            inserted = "z"  # an update must change the text
        changes = [start, [end - start, *inserted.split("\n")], length - end]
        await editor.push([item for item in changes if item != 0] or [[0, "z"]])
        await editor.sync_to(editor.version + 1)
        texts.append(editor.text)
    return texts


async def test_text_at_every_version_matches_what_editors_saw(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(SNAPSHOT_INTERVAL="5")
    room_id = await create_room_on(server, code="start\n")
    editor = await RoomClient.join(server.ws_url, room_id, name="Ada")
    texts = await edit_randomly(editor, random.Random(7), 23)
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        for version, expected in enumerate(texts):
            response = await http.get(f"/rooms/{room_id}/versions/{version}")
            assert response.status_code == 200, response.text
            assert response.json() == {"version": version, "code": expected}
    await editor.close()


async def test_history_pages_through_the_log_in_order(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room()
    editor = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    await edit_randomly(editor, random.Random(3), 7)
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        first = (await http.get(f"/rooms/{room_id}/history", params={"limit": 3})).json()
        assert [entry["version"] for entry in first["updates"]] == [1, 2, 3]
        assert first["nextSince"] == 3
        entry = first["updates"][0]
        assert entry["authorName"] == "Ada"
        assert entry["authorColor"] == editor.welcome["you"]["color"]
        assert entry["clientID"] == editor.client_id
        assert entry["createdAt"]
        assert entry["changes"] == editor.seen_updates[0]["changes"]
        rest = (await http.get(f"/rooms/{room_id}/history", params={"since": 3})).json()
        assert [entry["version"] for entry in rest["updates"]] == [4, 5, 6, 7]
        assert rest["nextSince"] is None
        beyond = (await http.get(f"/rooms/{room_id}/history", params={"since": 7})).json()
        assert beyond == {"updates": [], "nextSince": None}
    await editor.close()


async def test_restore_is_one_new_change_that_reaches_editors(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="v0")
    editor = await RoomClient.join(live_server.ws_url, room_id)
    watcher = await RoomClient.join(live_server.ws_url, room_id)
    texts = await edit_randomly(editor, random.Random(5), 6)
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        response = await http.post(f"/rooms/{room_id}/restore", json={"version": 2})
        assert response.status_code == 200, response.text
        assert (response.json()["code"], response.json()["version"]) == (texts[2], 7)
        history = (await http.get(f"/rooms/{room_id}/history")).json()["updates"]
        assert len(history) == 7
    await watcher.sync_to(7)
    assert watcher.text == texts[2]
    await editor.close()
    await watcher.close()


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/versions/99", 404, "version_not_found"),
        ("/versions/-1", 422, "validation_error"),
        ("/versions/abc", 422, "validation_error"),
        ("/history?limit=0", 422, "validation_error"),
        ("/history?limit=1001", 422, "validation_error"),
        ("/history?since=-2", 422, "validation_error"),
    ],
)
async def test_bad_versions_and_bounds_are_refused(
    live_server: ServerProcess, new_room: RoomFactory, path: str, status: int, code: str
) -> None:
    room_id = await new_room()
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        response = await http.get(f"/rooms/{room_id}{path}")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


async def test_unknown_room_and_bad_restore_body(live_server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        for path in ("/rooms/none/history", "/rooms/none/versions/0"):
            assert (await http.get(path)).json()["error"]["code"] == "room_not_found"
        room_id = await create_room_on(live_server)
        for body in ({"version": -1}, {"version": "x"}, {}):
            response = await http.post(f"/rooms/{room_id}/restore", json=body)
            assert response.status_code == 422
        response = await http.post(f"/rooms/{room_id}/restore", json={"version": 5})
        assert response.json()["error"]["code"] == "version_not_found"
