"""Who may do what through REST: every row of the roles table, for every kind of caller."""

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

Call = tuple[str, str, dict[str, Any] | None]
"""(method, path under /rooms/<link>, JSON body)."""

READS: list[Call] = [
    ("GET", "", None),
    ("GET", "/history", None),
    ("GET", "/versions/0", None),
    ("GET", "/participants", None),
]
EDITS: list[Call] = [
    ("PATCH", "", {"code": "changed\n"}),
    ("PATCH", "", {"name": "Renamed"}),
    ("PATCH", "", {"language": "javascript"}),
    ("POST", "/restore", {"version": 0}),
]
HOST_ONLY: list[Call] = [
    ("PATCH", "", {"status": "ended"}),
    ("GET", "/notes", None),
    ("PUT", "/notes", {"text": "Strong on recursion."}),
    ("POST", "/edit-link", None),
    ("DELETE", "", None),
]


@dataclass
class Room:
    created: dict[str, Any]

    @property
    def edit_id(self) -> str:
        return str(self.created["roomId"])

    @property
    def view_id(self) -> str:
        return str(self.created["viewId"])

    @property
    def host(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.created['hostKey']}"}


CALLERS = {
    "host": lambda room: (room.edit_id, room.host),
    "host through the view link": lambda room: (room.view_id, room.host),
    "editor": lambda room: (room.edit_id, {}),
    "viewer": lambda room: (room.view_id, {}),
    "wrong key": lambda room: (room.edit_id, {"authorization": "Bearer not-the-key"}),
}
ALLOWED = {
    "host": {"read", "edit", "host"},
    "host through the view link": {"read", "edit", "host"},
    "editor": {"read", "edit"},
    "viewer": {"read"},
    "wrong key": set(),
}


async def new_room(client: httpx.AsyncClient) -> Room:
    response = await client.post("/rooms", json={"code": "start\n"})
    assert response.status_code == 201, response.text
    return Room(response.json())


async def call(client: httpx.AsyncClient, room: Room, caller: str, request: Call) -> httpx.Response:
    method, path, body = request
    link, headers = CALLERS[caller](room)
    return await client.request(method, f"/rooms/{link}{path}", json=body, headers=headers)


async def snapshot(client: httpx.AsyncClient, room: Room) -> dict[str, Any]:
    """Everything a refused call must leave as it was."""
    read = (await client.get(f"/rooms/{room.edit_id}", headers=room.host)).json()
    notes = (await client.get(f"/rooms/{room.edit_id}/notes", headers=room.host)).json()
    return {
        key: read[key] for key in ("roomId", "name", "language", "code", "version", "status")
    } | {"notes": notes["text"]}


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(
    ("kind", "request_"),
    [("read", c) for c in READS] + [("edit", c) for c in EDITS] + [("host", c) for c in HOST_ONLY],
)
async def test_every_caller_may_do_exactly_what_its_role_allows(
    client: httpx.AsyncClient, caller: str, kind: str, request_: Call
) -> None:
    room = await new_room(client)
    before = await snapshot(client, room)
    response = await call(client, room, caller, request_)
    if kind in ALLOWED[caller]:
        assert response.status_code in (200, 204), response.text
        return
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
    assert await snapshot(client, room) == before


@pytest.mark.parametrize("request_", EDITS)
async def test_an_ended_interview_is_read_only_for_editors_but_not_the_host(
    client: httpx.AsyncClient, request_: Call
) -> None:
    room = await new_room(client)
    ended = await call(client, room, "host", ("PATCH", "", {"status": "ended"}))
    assert ended.json()["status"] == "ended"
    before = await snapshot(client, room)
    refused = await call(client, room, "editor", request_)
    assert refused.status_code == 403 and "ended" in refused.json()["error"]["message"]
    assert await snapshot(client, room) == before
    assert (await call(client, room, "host", request_)).status_code == 200
    await call(client, room, "host", ("PATCH", "", {"status": "active"}))
    assert (await call(client, room, "editor", request_)).status_code == 200


async def test_each_caller_learns_its_role_and_a_viewer_never_the_edit_link_or_key(
    client: httpx.AsyncClient,
) -> None:
    room = await new_room(client)
    assert room.created["role"] == "host" and room.created["status"] == "active"
    roles = {
        caller: (await call(client, room, caller, ("GET", "", None))).json().get("role")
        for caller in ("host", "host through the view link", "editor", "viewer")
    }
    assert roles == {
        "host": "host",
        "host through the view link": "host",
        "editor": "editor",
        "viewer": "viewer",
    }
    for path in ("", "/history", "/versions/0", "/participants", "/versions/9"):
        seen = (await call(client, room, "viewer", ("GET", path, None))).text
        assert room.edit_id not in seen and room.created["hostKey"] not in seen
    viewer = (await call(client, room, "viewer", ("GET", "", None))).json()
    assert viewer["roomId"] == viewer["id"] == room.view_id
    assert viewer["url"] == f"/room/{room.view_id}"


async def test_rotating_the_edit_link_shuts_the_old_one(client: httpx.AsyncClient) -> None:
    room = await new_room(client)
    rotated = (await call(client, room, "host", ("POST", "/edit-link", None))).json()
    assert rotated["roomId"] != room.edit_id and rotated["viewId"] == room.view_id
    old = await client.patch(f"/rooms/{room.edit_id}", json={"code": "old link\n"})
    assert old.status_code == 404
    new = await client.patch(f"/rooms/{rotated['roomId']}", json={"code": "new link\n"})
    assert new.status_code == 200 and new.json()["role"] == "editor"


async def test_notes_are_versioned_by_their_time_of_change(client: httpx.AsyncClient) -> None:
    room = await new_room(client)
    empty = (await call(client, room, "host", ("GET", "/notes", None))).json()
    assert empty == {"text": "", "updatedAt": None}
    first = (await call(client, room, "host", ("PUT", "/notes", {"text": "one"}))).json()
    second = await call(
        client, room, "host", ("PUT", "/notes", {"text": "two", "updatedAt": first["updatedAt"]})
    )
    assert second.status_code == 200
    stale = await call(
        client, room, "host", ("PUT", "/notes", {"text": "three", "updatedAt": first["updatedAt"]})
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "notes_conflict"
    assert (await call(client, room, "host", ("GET", "/notes", None))).json()["text"] == "two"


async def test_the_operator_gives_a_room_a_new_host_key_and_the_old_one_stops(
    client: httpx.AsyncClient, database_url: str
) -> None:
    room = await new_room(client)
    printed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "pairpad.cli", "host-key", room.view_id],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    )
    key = printed.stdout.split("host key: ")[1].split()[0]
    assert f"/room/{room.edit_id}#host={key}" in printed.stdout
    fresh = await client.get(f"/rooms/{room.edit_id}", headers={"authorization": f"Bearer {key}"})
    assert fresh.json()["role"] == "host"
    stale = await client.get(f"/rooms/{room.edit_id}", headers=room.host)
    assert stale.status_code == 403
