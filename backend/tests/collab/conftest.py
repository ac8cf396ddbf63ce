"""Fixtures for the collaboration tests: rooms on the run's real server."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.server import ServerProcess

RoomFactory = Callable[..., Awaitable[str]]


async def create_room_on(server: ServerProcess, **body: Any) -> str:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.post("/rooms", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["roomId"])


async def get_room_on(server: ServerProcess, room_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.get(f"/rooms/{room_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
def new_room(live_server: ServerProcess) -> RoomFactory:
    async def make(**body: Any) -> str:
        return await create_room_on(live_server, **body)

    return make
