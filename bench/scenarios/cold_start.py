"""Scenario 6: how fast a room with a long history opens once nobody has it open.

One editor types the history (every keystroke its own update, pushed 200 at a time as an editor
catching up would), leaves, and the server closes the room. Then, each time from closed: connect
and time until the welcome arrives, which loads the latest snapshot plus the log after it. Also
timed: a reconnect with `since=0`, whose welcome carries the whole history.
"""

import statistics
import time
from typing import Any

import httpx
import orjson
import websockets

from bench.database import stored_updates
from bench.editor import Editor, Keystroke
from bench.latency_book import LatencyBook
from bench.load import drain
from bench.pairpad_api import create_rooms, wait_until_all_closed
from bench.plan import Plan
from bench.servers import Deployment

LINE_LENGTH = 40
HISTORY_SECONDS = 120.0


async def type_history(server: Deployment, room_id: str, updates: int) -> None:
    """One editor types `updates` keystrokes at once and waits until all are confirmed."""
    editor = Editor(server.ws_url, room_id, "history", LatencyBook())
    await editor.open()
    try:
        for position in range(updates):
            editor.type(Keystroke(position, "\n" if position % LINE_LENGTH == 0 else "x"))
        if not await drain([[editor]], HISTORY_SECONDS):
            raise RuntimeError(f"the history was not confirmed within {HISTORY_SECONDS}s")
    finally:
        await editor.close()


async def time_welcome(server: Deployment, room_id: str, query: str = "") -> tuple[float, int]:
    """Milliseconds from connecting to the parsed welcome, and the welcome's size in bytes."""
    started = time.perf_counter()
    async with websockets.connect(f"{server.ws_url}/ws/{room_id}{query}", proxy=None) as socket:
        raw = await socket.recv()
        welcome = orjson.loads(raw)
        elapsed = (time.perf_counter() - started) * 1000
    if welcome["type"] != "welcome":
        raise RuntimeError(f"expected a welcome, got {welcome['type']}")
    return elapsed, len(raw)


async def run(server: Deployment, database_url: str, plan: Plan) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.http_url, timeout=60) as http:
        (room_id,) = await create_rooms(http, 1)
        await type_history(server, room_id, plan.history_updates)
        stored = await stored_updates(database_url, [room_id])
        opens = []
        for _ in range(plan.cold_opens):
            await wait_until_all_closed(http, server.http_urls)
            opens.append((await time_welcome(server, room_id))[0])
        await wait_until_all_closed(http, server.http_urls)
        since_zero_ms, since_zero_bytes = await time_welcome(server, room_id, "?since=0")
    return {
        "history_updates": plan.history_updates,
        "stored_updates": stored,
        "cold_open_ms": {
            "median": round(statistics.median(opens), 1),
            "max": round(max(opens), 1),
            "samples": len(opens),
        },
        "since_zero_ms": round(since_zero_ms, 1),
        "since_zero_welcome_kib": round(since_zero_bytes / 1024, 1),
    }
