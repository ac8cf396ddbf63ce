"""Redis crashes and comes back empty: presence heals and no edit is lost."""

import asyncio
from typing import Any

import httpx

from pairpad.client import RoomClient
from tests.redis_server import ThrowawayRedis
from tests.scale.test_two_instances import append_line
from tests.server import ServerProcess, create_room_on

HEALING_SECONDS = 20
POLL_SECONDS = 0.2


async def presence_news(editor: RoomClient, count: int) -> set[tuple[str, Any]]:
    """The first `count` people the editor hears joining (by name) or leaving (by id)."""
    news: set[tuple[str, Any]] = set()
    async with asyncio.timeout(HEALING_SECONDS):
        while len(news) < count:
            message = await editor.receive()
            if message["type"] == "participant_joined":
                news.add(("joined", message["user"]["name"]))
            elif message["type"] == "participant_left":
                news.add(("left", message["userId"]))
    return news


async def wait_for_participant_count(server: ServerProcess, room_id: str, count: int) -> None:
    """Until the REST API of `server` counts `count` people in the room."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        for _ in range(int(HEALING_SECONDS / POLL_SECONDS)):
            room = (await http.get(f"/rooms/{room_id}")).json()
            if room["participantCount"] == count:
                return
            await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"{server.base_url} counts {room['participantCount']}, not {count}")


async def test_presence_heals_after_redis_restarts_empty(instances, own_redis: ThrowawayRedis):
    first, second = await asyncio.gather(instances(own_redis.url), instances(own_redis.url))
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(second.ws_url, room_id, name="Linus")
    await ada.expect("participant_joined")

    own_redis.stop()
    await linus.close()
    grace = await RoomClient.join(second.ws_url, room_id, name="Grace")
    await asyncio.to_thread(own_redis.start)

    # Neither frame could be sent while Redis was down; the shared record brings both.
    assert await presence_news(ada, 2) == {("left", linus.id), ("joined", "Grace")}
    third = await instances(own_redis.url)
    await wait_for_participant_count(third, room_id, 2)
    late = await RoomClient.join(third.ws_url, room_id, name="Late")
    assert {p["name"] for p in late.welcome["participants"]} == {"Ada", "Grace"}

    await append_line(ada, "after the restart")
    await grace.sync_to(ada.version, timeout=HEALING_SECONDS)
    assert grace.text == ada.text == "after the restart\n"
    for editor in (ada, grace, late):
        await editor.close()
