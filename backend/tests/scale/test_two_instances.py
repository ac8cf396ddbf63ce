"""One room, two server instances, one PostgreSQL, one Redis."""

import asyncio
import json
import random
from collections.abc import AsyncIterator

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.collab.test_convergence import TOKEN, Typist
from tests.server import (
    ServerProcess,
    as_host,
    create_room_on,
    create_room_with_key_on,
    get_room_on,
)
from tests.tcp_proxy import TcpProxy


@pytest.fixture
async def redis_proxy(redis_url: str) -> AsyncIterator[tuple[TcpProxy, str]]:
    """A TCP proxy to Redis that the test can cut, and the Redis URL that goes through it."""
    url = make_url(redis_url)
    proxy = await TcpProxy(url.host or "127.0.0.1", url.port or 6379).start()
    yield proxy, f"redis://127.0.0.1:{proxy.port}/{url.database or 0}"
    await proxy.stop()


async def append_line(editor: RoomClient, line: str) -> None:
    """Append a line and wait until it is confirmed, retrying after a rejection."""
    while True:
        await editor.push([editor.doc.length, [0, line, ""]])
        while True:
            message = await editor.receive()
            if message["type"] == "rejected":
                await editor.sync_to(message["version"])
                break
            if message["type"] == "updates" and any(
                update["clientID"] == editor.client_id for update in message["updates"]
            ):
                return


@pytest.mark.parametrize("rebase", [False, True], ids=["rejecting", "rebasing"])
async def test_editors_on_two_instances_converge(instances, rebase: bool) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first, code="start\n")
    rng = random.Random(11)
    typists = [
        Typist((first, second)[n % 2].ws_url, room_id, n, random.Random(rng.random()), rebase)
        for n in range(4)
    ]
    await asyncio.wait_for(asyncio.gather(*(t.run(edits=12) for t in typists)), timeout=180)
    stored = await get_room_on(second, room_id)
    for typist in typists:
        assert typist.editor is not None
        await typist.editor.sync_to(stored["version"], timeout=15)
        assert typist.editor.text == stored["code"]
        await typist.editor.close()
    present = TOKEN.findall(stored["code"])
    assert len(present) == len(set(present)) == 4 * 12
    assert set().union(*(t.confirmed for t in typists)) == set(present)


async def test_presence_language_and_cursors_span_instances(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(second.ws_url, room_id, name="Linus")
    assert linus.welcome["participants"] == [ada.welcome["you"]]
    assert (await ada.expect("participant_joined"))["user"] == linus.welcome["you"]
    assert linus.welcome["you"]["color"] != ada.welcome["you"]["color"]
    await linus.send({"type": "cursor", "anchor": 0, "head": 0})
    assert (await ada.expect("cursor"))["userId"] == linus.id
    await ada.send({"type": "language", "language": "typescript"})
    assert (await linus.expect("language"))["language"] == "typescript"
    for server in (first, second):
        assert (await get_room_on(server, room_id))["participantCount"] == 2
    late = await RoomClient.join(second.ws_url, room_id, name="Grace")
    assert late.welcome["room"]["language"] == "typescript"
    await linus.close()
    assert (await ada.expect("participant_left"))["userId"] == linus.id
    await ada.close()
    await late.close()


async def test_killed_instance_loses_nothing_and_its_people_expire(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(second.ws_url, room_id, name="Linus", client_id="linus")
    await ada.expect("participant_joined")
    for index in range(5):
        await append_line(ada, f"ada {index}")
        await append_line(linus, f"linus {index}")
    confirmed = linus.version
    second.kill()
    left = await ada.expect("participant_left", timeout=20)
    assert left["userId"] == linus.id
    back = await RoomClient.join(first.ws_url, room_id, since=confirmed, client_id="linus")
    await append_line(back, "linus again")
    await ada.sync_to(back.version)
    stored = await get_room_on(first, room_id)
    assert stored["code"] == ada.text == back.text
    for index in range(5):
        assert f"ada {index}\n" in stored["code"] and f"linus {index}\n" in stored["code"]
    assert stored["code"].endswith("linus again\n")
    await ada.close()
    await back.close()


async def test_redis_outage_is_bridged_by_the_database(
    instances, redis_proxy: tuple[TcpProxy, str]
) -> None:
    proxy, proxied = redis_proxy
    first, second = await asyncio.gather(
        instances(proxied, RESYNC_INTERVAL_SECONDS="1"),
        instances(proxied, RESYNC_INTERVAL_SECONDS="1"),
    )
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id)
    linus = await RoomClient.join(second.ws_url, room_id)
    await append_line(ada, "before")
    await linus.sync_to(1)

    proxy.cut()
    for line in ("during 1", "during 2"):
        await append_line(ada, line)
    await linus.sync_to(3, timeout=15)
    await append_line(linus, "from linus")
    await ada.sync_to(4, timeout=15)

    proxy.restore()
    await asyncio.sleep(1)
    await append_line(ada, "after")
    await linus.sync_to(5, timeout=15)
    stored = await get_room_on(second, room_id)
    assert stored["code"] == ada.text == linus.text
    assert stored["code"] == "before\nduring 1\nduring 2\nfrom linus\nafter\n"
    await ada.close()
    await linus.close()


async def test_deleting_on_one_instance_closes_editors_on_the_other(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id, host_key = await create_room_with_key_on(first)
    watcher = await RoomClient.join(second.ws_url, room_id)
    async with httpx.AsyncClient(base_url=first.base_url) as http:
        deleted = await http.delete(f"/rooms/{room_id}", headers=as_host(host_key))
        assert deleted.status_code == 204
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await watcher.receive()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404


async def test_a_cursor_never_arrives_before_the_updates_it_refers_to(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id)
    linus = await RoomClient.join(second.ws_url, room_id)
    await ada.expect("participant_joined")
    for line in range(20):
        await append_line(linus, f"line {line}")
        await linus.send({"type": "cursor", "anchor": 0, "head": 0, "version": linus.version})
        cursor = await ada.expect("cursor")
        assert ada.version >= cursor["version"], "the cursor overtook the update it follows"
    await ada.close()
    await linus.close()


async def wait_for_log(server: ServerProcess, text: str, polls: int = 150) -> None:
    for _ in range(polls):
        if text in server.log():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{server.base_url} never logged {text!r}")


async def test_a_lost_message_is_noticed_by_its_gap_and_read_from_the_database(
    instances, redis_proxy: tuple[TcpProxy, str]
) -> None:
    proxy, proxied = redis_proxy
    # Only the first instance's Redis is cut, and neither looks in the database on a timer.
    first, second = await asyncio.gather(
        instances(proxied, RESYNC_INTERVAL_SECONDS="600"),
        instances(RESYNC_INTERVAL_SECONDS="600"),
    )
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id)
    linus = await RoomClient.join(second.ws_url, room_id)
    await append_line(ada, "before")
    await linus.sync_to(1)

    proxy.cut()
    await append_line(ada, "lost")
    await wait_for_log(first, "messages not sent")
    proxy.restore()
    await append_line(ada, "next")

    await linus.sync_to(3, timeout=15)
    assert linus.text == ada.text == "before\nlost\nnext\n"
    await ada.close()
    await linus.close()


async def test_a_late_copy_of_a_message_changes_nothing(
    instances, redis_url: str, redis_prefix: str
) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first)
    ada = await RoomClient.join(first.ws_url, room_id)
    linus = await RoomClient.join(second.ws_url, room_id)
    await append_line(ada, "once")
    await linus.sync_to(1)

    old = {"type": "updates", "version": 0, "updates": linus.seen_updates[-1:]}
    async with Redis.from_url(redis_url) as redis:
        await redis.publish(f"{redis_prefix}room:{room_id}", f"elsewhere {json.dumps(old)}")
    await append_line(ada, "twice")
    # RoomClient.receive fails on any message that does not start at its version.
    await linus.sync_to(2, timeout=15)
    assert linus.text == "once\ntwice\n"
    await ada.close()
    await linus.close()
