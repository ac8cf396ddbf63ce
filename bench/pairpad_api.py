"""The few PairPad REST calls the benchmark makes besides the WebSocket."""

import asyncio
from collections import defaultdict
from collections.abc import Sequence

import httpx

CONCURRENCY = 50
CLOSE_POLL = 0.05
CLOSE_POLLS = 600


async def create_rooms(http: httpx.AsyncClient, count: int) -> list[str]:
    limit = asyncio.Semaphore(CONCURRENCY)

    async def create() -> str:
        async with limit:
            response = await http.post("/rooms", json={"name": "bench", "language": "python"})
            response.raise_for_status()
            return str(response.json()["roomId"])

    return list(await asyncio.gather(*(create() for _ in range(count))))


async def metrics(http: httpx.AsyncClient, urls: Sequence[str]) -> dict[str, float]:
    """The unlabelled Prometheus samples by name, added up over the instances at `urls`."""
    found: defaultdict[str, float] = defaultdict(float)
    for url in urls:
        for line in (await http.get(f"{url}/metrics")).text.splitlines():
            name, _, value = line.partition(" ")
            if value and not line.startswith("#") and "{" not in name:
                found[name] += float(value)
    return dict(found)


async def open_room_count(http: httpx.AsyncClient, urls: Sequence[str]) -> int:
    return int((await metrics(http, urls))["pairpad_open_rooms"])


def server_counters(
    before: dict[str, float], after: dict[str, float], seconds: float
) -> dict[str, float]:
    """What the server itself saw during a window: commits, their mean time, stale pushes."""

    def rate(name: str) -> float:
        return (after[name] - before[name]) / seconds

    commits = after["pairpad_commit_seconds_count"] - before["pairpad_commit_seconds_count"]
    spent = after["pairpad_commit_seconds_sum"] - before["pairpad_commit_seconds_sum"]
    return {
        "server_commits_per_second": round(rate("pairpad_commit_seconds_count")),
        "server_commit_mean_ms": round(1000 * spent / commits, 1) if commits else 0.0,
        "server_rebased_pushes_per_second": round(rate("pairpad_rebased_pushes_total")),
        "server_rejected_pushes_per_second": round(rate("pairpad_rejected_pushes_total")),
    }


async def wait_until_all_closed(http: httpx.AsyncClient, urls: Sequence[str]) -> None:
    """Until every instance has closed every room (the last one out saves its snapshot)."""
    for _ in range(CLOSE_POLLS):
        if await open_room_count(http, urls) == 0:
            return
        await asyncio.sleep(CLOSE_POLL)
    raise RuntimeError(f"rooms still open after {CLOSE_POLL * CLOSE_POLLS:.0f}s")
