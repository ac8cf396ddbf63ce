"""Pushes built to cost the server as much as their size allows: each is bounded, the event
loop keeps serving every other room, and no update that changes nothing is stored."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from pairpad.client import RoomClient
from pairpad.text.document import MAX_CHANGE_ITEMS
from tests.server import ServerProcess, create_room_on, get_room_on

TEXT_LENGTH = 20_000
STALL_LIMIT_SECONDS = 1.0
"""Far above what the loop is meant to stall (a few ms) and far below the 42 s one push caused
before its work was bounded, so a loaded test machine does not make this flaky."""


def dense_changes(letter: str) -> list[Any]:
    """10,000 items replacing every other character of the text: as costly as a change set
    may be, and still a change set the text accepts."""
    pairs = (MAX_CHANGE_ITEMS - 1) // 2
    changes: list[Any] = []
    for _ in range(pairs):
        changes += [1, [1, letter]]
    changes.append(TEXT_LENGTH - 2 * pairs)
    return changes


async def stalls_over(server: ServerProcess, limit: float) -> tuple[int, float]:
    """How many loop stalls longer than `limit` the server has recorded, and the largest
    bucket bound that has any."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        lines = (await http.get("/metrics")).text.splitlines()
    buckets: list[tuple[float, float]] = []
    for line in lines:
        if line.startswith("pairpad_event_loop_stall_seconds_bucket"):
            bound = line.split('le="')[1].split('"')[0]
            buckets.append((float(bound), float(line.split()[-1])))
    total = buckets[-1][1]
    within = max(count for bound, count in buckets if bound <= limit)
    worst = min(bound for bound, count in buckets if count == total)
    return int(total - within), worst


@asynccontextmanager
async def another_room_kept_busy(server: ServerProcess) -> AsyncIterator[list[float]]:
    """Someone in another room typing throughout; yields the seconds each keystroke took to
    come back stored."""
    room_id = await create_room_on(server)
    editor = await RoomClient.join(server.ws_url, room_id)
    round_trips: list[float] = []

    async def type_along() -> None:
        while True:
            started = time.monotonic()
            await editor.push([editor.doc.length, [0, "k"]])
            await editor.sync_to(editor.version + 1)
            round_trips.append(time.monotonic() - started)
            await asyncio.sleep(0.02)

    typing = asyncio.create_task(type_along())
    try:
        yield round_trips
    finally:
        typing.cancel()
        await editor.close()
    assert round_trips, "the other room stored nothing while the pushes were handled"


async def test_a_rebase_over_a_crowded_log_is_bounded_and_the_loop_keeps_serving(
    start_server: type[ServerProcess],
) -> None:
    # No rate limit: the bounds on work must hold on their own, message after message.
    server = start_server(WS_RATE_PER_SECOND="1000000", WS_RATE_BURST="1000000")
    room_id = await create_room_on(server, code="a" * TEXT_LENGTH)
    attacker = await RoomClient.join(server.ws_url, room_id)
    stalls_before, _ = await stalls_over(server, STALL_LIMIT_SECONDS)
    async with another_room_kept_busy(server) as round_trips:
        # A hundred frames of dense updates in the log, each push ten such updates (650 KB).
        for frame in range(100):
            letter = "bc"[frame % 2]
            await attacker.push(*[dense_changes(letter) for _ in range(10)])
            await attacker.expect("updates")
            assert not attacker.inbox, attacker.inbox
        stored = attacker.version
        # Only the first update of each push was taken: each costs 15,000 of MAX_PUSH_COST.
        assert stored == 100
        await attacker.push(*[dense_changes("d") for _ in range(10)], version=0, rebase=True)
        rejected = await attacker.expect("rejected")
    assert rejected["version"] == stored
    stalls, worst = await stalls_over(server, STALL_LIMIT_SECONDS)
    print(f"loop: worst stall bucket {worst}s; other room p100 {max(round_trips) * 1000:.0f} ms")
    assert stalls == stalls_before, f"the event loop stalled for up to {worst}s"
    assert max(round_trips) < 5
    room = await get_room_on(server, room_id)
    assert room["version"] == stored
    assert room["code"] == attacker.text
    await attacker.close()


async def test_updates_that_change_nothing_are_refused_and_not_stored(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server, code="abc")
    editor = await RoomClient.join(live_server.ws_url, room_id)
    try:
        for nothing in ([3], [[0], 3], [1, [0, ""], 2], [[0], [0, ""], 3]):
            await editor.push(nothing)
            error = await editor.expect("error")
            assert (error["code"], error["message"]) == (
                "invalid_change",
                "An update must change the text.",
            )
        await editor.push(*([[3]] * 200))
        assert (await editor.expect("error"))["code"] == "invalid_change"
        await editor.push([1, [1, "x"], 1])
        await editor.sync_to(1)
        await editor.push([1, [1, "x"], 1])  # typed over itself: an edit, though the text stays
        await editor.sync_to(2)
    finally:
        await editor.close()
    room = await get_room_on(live_server, room_id)
    assert (room["code"], room["version"]) == ("axc", 2)
