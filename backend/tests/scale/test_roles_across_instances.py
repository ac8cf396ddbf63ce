"""Roles with two instances sharing rooms through Redis: what the host does on one instance
holds for the people on the other."""

import asyncio

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import as_host


async def test_status_participants_and_removal_cross_instances(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    async with httpx.AsyncClient(base_url=first.base_url) as http:
        room = (await http.post("/rooms", json={"code": "start\n"})).json()
    host = as_host(room["hostKey"])
    editor = await RoomClient.join(second.ws_url, room["roomId"], name="Ada")
    viewer = await RoomClient.join(first.ws_url, room["viewId"], name="Watcher")

    async def participants_on(server_url: str) -> list[tuple[str, str]]:
        async with httpx.AsyncClient(base_url=server_url) as http:
            people = (await http.get(f"/rooms/{room['viewId']}/participants")).json()
        return sorted((person["name"], person["role"]) for person in people)

    expected = [("Ada", "editor"), ("Watcher", "viewer")]
    for server in (second, first):
        for _ in range(75):
            if await participants_on(server.base_url) == expected:
                break
            await asyncio.sleep(0.2)
        else:
            pytest.fail(f"{server.base_url} lists {await participants_on(server.base_url)}")

    async with httpx.AsyncClient(base_url=first.base_url) as http:
        ended = await http.patch(f"/rooms/{room['roomId']}", json={"status": "ended"}, headers=host)
    assert ended.status_code == 200
    assert (await editor.expect("status"))["status"] == "ended"
    await editor.push([[0, "late "], 6])
    assert (await editor.expect("error"))["code"] == "read_only"

    remover = await RoomClient.join(
        first.ws_url, room["roomId"], additional_headers=host, name="Host"
    )
    await remover.send({"type": "remove", "userId": editor.id})
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(10):
            while True:
                await editor.receive()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    left = await viewer.expect("participant_left", timeout=15)
    assert left["userId"] == editor.id
    await viewer.close()
    await remover.close()
