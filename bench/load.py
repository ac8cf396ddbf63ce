"""R rooms x C simulated editors typing into a PairPad server for a bounded time, then checked.

A run: create the rooms, connect everyone (over the server's instances when it has several,
see `Deployment`), type for a warm-up (not timed), type for the measured window,
stop typing, wait (bounded) until every keystroke is confirmed and every client of a room is at
the same version. Then the checks: each client's text and version against every instance's
(GET /rooms/<id> while the room is open); once everyone has left and the instances have closed
the rooms, the same GETs again, which now load each room from PostgreSQL (snapshot plus log);
and the number of update rows stored for the rooms against their versions. A run that fails any of
them is reported as failed, whatever its latency.
"""

import asyncio
import itertools
import os
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx

from bench.database import stored_updates
from bench.editor import Editor, Keystroke
from bench.latency_book import LatencyBook
from bench.pairpad_api import create_rooms, metrics, server_counters, wait_until_all_closed
from bench.proc import CpuWindow
from bench.result import (
    DIFFERS_FROM_SERVER,
    DIFFERS_FROM_STORED,
    STORED_COUNT_DIFFERS,
    RunResult,
    judge,
)
from bench.servers import Deployment
from bench.stats import Histogram
from bench.typist import Erase, Insert, Jump, TypingModel, keystrokes

CONNECT_CONCURRENCY = 50
LAG_PROBE_INTERVAL = 0.01
DRAIN_POLL = 0.05


@dataclass(frozen=True, slots=True)
class Load:
    rooms: int
    people: int
    model: TypingModel
    seconds: float
    warmup: float = 2.0
    drain_seconds: float = 15.0
    seed: int = 1
    compress: bool = True
    """Whether PairPad clients negotiate permessage-deflate, as browsers do."""


Alongside = Callable[[float], Awaitable[None]]
"""Something to run during the measured window (given its length), e.g. autocomplete requests."""


async def open_editors(
    server: Deployment,
    room_ids: list[str],
    people: int,
    book: LatencyBook,
    first: int = 0,
    compress: bool = True,
) -> list[Editor]:
    """`people` editors in each room, numbered from `first` (their clientIDs must not repeat)."""
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
    editors = [
        Editor(server.ws_url_for(room, person), room_id, f"{room_id}-p{person}", book, compress)
        for room, room_id in enumerate(room_ids)
        for person in range(first, first + people)
    ]

    async def open_one(editor: Editor) -> None:
        async with limit:
            await editor.open()

    await asyncio.gather(*(open_one(editor) for editor in editors))
    return editors


async def type_into(editor: Editor, model: TypingModel, rng: random.Random) -> None:
    """One person at the keyboard until cancelled."""
    cursor = rng.randint(0, editor.local_length)
    for wait, action in keystrokes(model, rng):
        await asyncio.sleep(wait)
        cursor = min(cursor, editor.local_length)
        match action:
            case Insert(char):
                editor.type(Keystroke(cursor, char))
                cursor += 1
            case Erase():
                editor.type(Keystroke(cursor, None))
                cursor = max(0, cursor - 1)
            case Jump(fraction):
                cursor = int(fraction * editor.local_length)
                editor.move_cursor(cursor)


async def probe_loop_lag(histogram: Histogram) -> None:
    """How late this process's event loop wakes up: high means the load generator is the limit."""
    while True:
        started = time.perf_counter()
        await asyncio.sleep(LAG_PROBE_INTERVAL)
        histogram.add((time.perf_counter() - started - LAG_PROBE_INTERVAL) * 1000)


def in_step(room: list[Editor]) -> bool:
    return all(editor.settled for editor in room) and len({e.version for e in room}) == 1


async def drain(rooms: list[list[Editor]], seconds: float) -> bool:
    """Wait until every keystroke is confirmed and each room's clients are at one version."""
    for _ in range(int(seconds / DRAIN_POLL)):
        if all(in_step(room) for room in rooms):
            return True
        await asyncio.sleep(DRAIN_POLL)
    return all(in_step(room) for room in rooms)


async def differing_rooms(
    http: httpx.AsyncClient, urls: list[str], rooms: list[list[Editor]]
) -> int:
    """Rooms where some client's text or version is not what some instance serves."""
    differing = 0
    for room in rooms:
        served = [(await http.get(f"{url}/rooms/{room[0].room_id}")).json() for url in urls]
        if any(
            (e.text, e.version) != (copy["code"], copy["version"]) for e in room for copy in served
        ):
            differing += 1
    return differing


async def close_all(editors: list[Editor]) -> None:
    await asyncio.gather(*(editor.close() for editor in editors))


async def verify(
    http: httpx.AsyncClient, urls: list[str], database_url: str, rooms: list[list[Editor]]
) -> Counter[str]:
    """The checks of a drained run, described at the top of this module."""
    problems: Counter[str] = Counter()
    problems[DIFFERS_FROM_SERVER] = await differing_rooms(http, urls, rooms)
    await close_all([editor for room in rooms for editor in room])
    try:
        await wait_until_all_closed(http, urls)
    except RuntimeError:
        problems["rooms left open after everyone left"] += 1
        return +problems
    problems[DIFFERS_FROM_STORED] = await differing_rooms(http, urls, rooms)
    versions = sum(room[0].version for room in rooms)
    if await stored_updates(database_url, [room[0].room_id for room in rooms]) != versions:
        problems[STORED_COUNT_DIFFERS] += 1
    return +problems  # drop the checks that found nothing


async def run_load(
    server: Deployment, database_url: str, load: Load, alongside: Alongside | None = None
) -> RunResult:
    book = LatencyBook()
    problems: Counter[str] = Counter()
    lag = Histogram()
    async with httpx.AsyncClient(base_url=server.http_url, timeout=60) as http:
        room_ids = await create_rooms(http, load.rooms)
        editors = await open_editors(server, room_ids, load.people, book, compress=load.compress)
        rooms = [editors[i : i + load.people] for i in range(0, len(editors), load.people)]
        seeds = itertools.count(load.seed * 1_000_003)
        tasks = [
            asyncio.create_task(type_into(editor, load.model, random.Random(next(seeds))))
            for editor in editors
        ]
        tasks.append(asyncio.create_task(probe_loop_lag(lag)))
        try:
            await asyncio.sleep(load.warmup)
            cpu = CpuWindow({"server": server.pids, "load_generator": [os.getpid()]})
            confirmed_before = sum(editor.confirmed for editor in editors)
            counted_before = await metrics(http, server.http_urls)
            book.recording = True
            cpu.start()
            await asyncio.gather(
                asyncio.sleep(load.seconds), *([alongside(load.seconds)] if alongside else [])
            )
            usage = cpu.stop()
            book.recording = False
            after = await metrics(http, server.http_urls)
            usage |= server_counters(counted_before, after, load.seconds)
            confirmed = sum(editor.confirmed for editor in editors) - confirmed_before
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        settled = await drain(rooms, load.drain_seconds)
        for editor in editors:
            problems.update(editor.failures)
        if settled:
            problems.update(await verify(http, server.http_urls, database_url, rooms))
        await close_all(editors)
    return RunResult(
        latency=book.histogram,
        timed_keystrokes=book.timed_keystrokes(),
        edits_in_window=confirmed,
        window_seconds=load.seconds,
        usage=usage,
        loop_lag_p99_ms=lag.percentile(0.99),
        status=judge(settled, problems),
        problems=problems,
    )


async def idle_editors(
    server: Deployment, rooms: int, steps: int, compress: bool = True
) -> AsyncIterator[None]:
    """Connect one more idle editor to each of `rooms` rooms per step; close all at the end."""
    async with httpx.AsyncClient(base_url=server.http_url, timeout=60) as http:
        room_ids = await create_rooms(http, rooms)
    editors: list[Editor] = []
    try:
        for step in range(steps):
            editors += await open_editors(
                server, room_ids, 1, LatencyBook(), first=step, compress=compress
            )
            yield
    finally:
        await close_all(editors)
