"""`make run` with no configuration uses SQLite: the same migrations and API work on it."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from pairpad.config import Settings
from pairpad.main import create_app
from pairpad.migrate import upgrade


@pytest.fixture
async def sqlite_app(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app on a migrated embedded SQLite file, and a client that calls it in-process."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'pairpad.db'}"
    await asyncio.to_thread(upgrade, url)
    app = create_app(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield app, client


async def test_rooms_api_works_on_an_embedded_sqlite_file(
    sqlite_app: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = sqlite_app
    created = (await client.post("/rooms", json={"name": "Local"})).json()
    patched = await client.patch(f"/rooms/{created['roomId']}", json={"code": "a\nb"})
    assert patched.json()["version"] == 1
    fetched = (await client.get(f"/rooms/{created['roomId']}")).json()
    assert (fetched["name"], fetched["code"]) == ("Local", "a\nb")
    host = {"authorization": f"Bearer {created['hostKey']}"}
    deleted = await client.delete(f"/rooms/{created['roomId']}", headers=host)
    assert deleted.status_code == 204
    assert (await client.get(f"/rooms/{created['roomId']}")).status_code == 404


async def test_the_input_box_is_stored_and_replaced_on_sqlite(
    sqlite_app: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    app, client = sqlite_app
    room_id = (await client.post("/rooms", json={})).json()["roomId"]
    inputs = app.state.room_inputs
    assert await inputs.stdin(room_id) == ""
    assert await inputs.keep(room_id, "2 3")
    assert await inputs.keep(room_id, "40 2")
    assert await inputs.stdin(room_id) == "40 2"
    assert not await inputs.keep("nope-nope-nopes", "lost")
