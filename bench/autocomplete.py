"""Autocomplete latency through a real `pairpad serve`, as an editor sees it.

Measures POST /autocomplete for generated 100- and 1,000-line Python files:

* cold: on a freshly started server, the first request (a JavaScript one: the framework prepares
  the route) and then the first Python one (the jedi worker does not exist yet);
* warm: a fast typist adding lines to the file, ten keystrokes a second, one request each
  (within the server's default rate limit);
* busy: the same typing while a WebSocket client in another room pings every 25 ms and replaces
  its text ten times a second; the ping round trips show whether completion slows the socket.

Writes bench/results/autocomplete-<date>.json and prints a Markdown table.
Run from the repository root: `uv run python -m bench.autocomplete`.
"""

import asyncio
import itertools
import json
import os
import re
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import websockets

from bench.machine import describe
from bench.servers import ROOT, WORK, Service, pairpad
from bench.stats import Histogram
from pairpad.config import Settings
from tests.autocomplete.builders import CURSOR, autocomplete_body

RESULTS = ROOT / "bench" / "results"

SIZES = (100, 1000)
COLD_STARTS = 5
# Typed into three functions of each file, at their indentation, one keystroke at a time.
TYPED_LINES = (
    "first = accounts[0].report().upper()",
    'target = os.path.join(path, "totals.json")',
    "ranked = totals.most_common(3)",
    "again = summarize_0(accounts, path)",
)
KEYSTROKE_INTERVAL = 0.1
PING_INTERVAL = 0.025
REPLACE_INTERVAL = 0.1

HEADER = '''"""Accounts and their ledgers."""

import collections
import json
import os
from dataclasses import dataclass, field
'''

BLOCK = """

@dataclass
class Account{i}:
    owner: str
    balance: float = 0.0
    history: list[float] = field(default_factory=list)

    def deposit(self, amount: float) -> float:
        self.history.append(amount)
        self.balance += amount
        return self.balance

    def report(self) -> str:
        lines = [f"{{self.owner}}: {{self.balance:.2f}}"]
        lines.extend(str(entry) for entry in self.history)
        return "\\n".join(lines)


def summarize_{i}(accounts: list[Account{i}], path: str) -> dict[str, float]:
    totals: collections.Counter[str] = collections.Counter()
    for account in accounts:
        totals[account.owner] += account.balance
    with open(os.path.join(path, "summary_{i}.json"), "w") as handle:
        json.dump(totals, handle)
    return dict(totals)
"""


def python_file(lines: int) -> str:
    """A module of exactly `lines` lines: classes and functions, padded with constants."""
    text = HEADER
    index = 0
    while text.count("\n") + BLOCK.count("\n") <= lines:
        text += BLOCK.format(i=index)
        index += 1
    padding = lines - text.count("\n")
    return text + "".join(f"LIMIT_{k} = {k}\n" for k in range(padding))


def typing_points(text: str) -> list[int]:
    """Offsets of three `return dict(totals)` lines: start, middle and end of the file."""
    found = [match.start() for match in re.finditer(r"^    return dict\(totals\)$", text, re.M)]
    return [found[0], found[len(found) // 2], found[-1]]


def typed_at(text: str, point: int, typed: str) -> dict[str, Any]:
    """The request after typing `typed` on a new line of a function body at `point`."""
    return autocomplete_body(f"{text[:point]}    {typed}{CURSOR}\n{text[point:]}")


def keystrokes(text: str) -> Iterator[dict[str, Any]]:
    """Request bodies for typing each line of TYPED_LINES at each typing point."""
    for point in typing_points(text):
        for line in TYPED_LINES:
            for typed in range(1, len(line) + 1):
                yield typed_at(text, point, line[:typed])


@dataclass(frozen=True, slots=True)
class Sample:
    latency_ms: float
    provider: str


async def timed_request(http: httpx.AsyncClient, body: dict[str, Any]) -> Sample:
    started = time.perf_counter()
    response = await http.post("/autocomplete", json=body)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return Sample(elapsed, response.json()["provider"])


def summary(milliseconds: list[float]) -> dict[str, float | int | None]:
    histogram = Histogram()
    for value in milliseconds:
        histogram.add(value)
    return histogram.summary()


def latency_row(size: int, scenario: str, samples: list[Sample]) -> dict[str, Any]:
    return {
        "lines": size,
        "scenario": scenario,
        **summary([sample.latency_ms for sample in samples]),
        "answered": {
            name: sum(sample.provider == name for sample in samples)
            for name in ("jedi", "keywords", "none")
        },
    }


def start_server(database: Path) -> Service:
    return pairpad(f"sqlite+aiosqlite:///{database}").start()


async def cold_samples(size: int, database: Path) -> tuple[list[Sample], list[Sample]]:
    """Per fresh server: the first request, in JavaScript, then `os.pa` in the Python file."""
    text = python_file(size)
    first_body = autocomplete_body(f"retu{CURSOR}", "javascript")
    python_body = typed_at(text, typing_points(text)[0], "target = os.pa")
    first, python = [], []
    for _ in range(COLD_STARTS):
        server = start_server(database)
        try:
            async with httpx.AsyncClient(base_url=server.http_url, timeout=30) as http:
                first.append(await timed_request(http, first_body))
                python.append(await timed_request(http, python_body))
        finally:
            server.stop()
    return first, python


async def warm_up(http: httpx.AsyncClient) -> None:
    """Ask until jedi answers within the budget: its worker is started and has loaded builtins."""
    body = autocomplete_body(f"import os\nos.pa{CURSOR}")
    for _ in range(100):
        if (await timed_request(http, body)).provider == "jedi":
            return
        await asyncio.sleep(0.2)
    raise RuntimeError("jedi never answered within the budget")


async def typing_samples(http: httpx.AsyncClient, size: int) -> list[Sample]:
    samples = []
    for body in keystrokes(python_file(size)):
        next_keystroke = asyncio.create_task(asyncio.sleep(KEYSTROKE_INTERVAL))
        samples.append(await timed_request(http, body))
        await next_keystroke
    return samples


@asynccontextmanager
async def busy_websocket(server: Service) -> AsyncIterator[list[float]]:
    """A room whose client pings and replaces its text nonstop; yields ping round trips (ms)."""
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        room = (await http.post("/rooms", json={"language": "python"})).json()["roomId"]
    round_trips: list[float] = []
    async with websockets.connect(f"{server.ws_url}/ws/{room}?name=bench") as socket:
        await socket.recv()
        pong = asyncio.Event()

        async def read() -> None:
            async for message in socket:
                if json.loads(message)["type"] == "pong":
                    pong.set()

        async def ping() -> None:
            while True:
                pong.clear()
                started = time.perf_counter()
                await socket.send('{"type": "ping"}')
                await pong.wait()
                round_trips.append((time.perf_counter() - started) * 1000)
                await asyncio.sleep(PING_INTERVAL)

        async def replace() -> None:
            for version in itertools.count():
                code = f"value = {version}\n"
                await socket.send(json.dumps({"type": "code_update", "code": code}))
                await asyncio.sleep(REPLACE_INTERVAL)

        tasks = [asyncio.create_task(job()) for job in (read, ping, replace)]
        try:
            yield round_trips
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


def ping_row(scenario: str, round_trips: list[float]) -> dict[str, Any]:
    return {"scenario": scenario, **summary(round_trips)}


async def run() -> dict[str, Any]:
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "autocomplete.db"
    database.unlink(missing_ok=True)
    settings = Settings()
    machine = describe()
    rows = []
    for size in SIZES:
        first, python = await cold_samples(size, database)
        rows.append(latency_row(size, "cold, first request (javascript)", first))
        rows.append(latency_row(size, "cold, first python request", python))
    pings = []
    server = start_server(database)
    try:
        async with httpx.AsyncClient(base_url=server.http_url, timeout=30) as http:
            await warm_up(http)
            for size in SIZES:
                rows.append(latency_row(size, "warm", await typing_samples(http, size)))
            async with busy_websocket(server) as round_trips:
                await asyncio.sleep(5)
                pings.append(ping_row("socket alone", list(round_trips)))
                round_trips.clear()
                for size in SIZES:
                    rows.append(latency_row(size, "busy", await typing_samples(http, size)))
                pings.append(ping_row("socket during busy typing", list(round_trips)))
    finally:
        server.stop()
    return {
        "date": date.today().isoformat(),
        "machine": {**machine, "load_average_at_end": [round(v, 2) for v in os.getloadavg()]},
        "settings": {
            "autocomplete_budget_ms": settings.autocomplete_budget_ms,
            "autocomplete_workers": settings.autocomplete_workers,
        },
        "latency_ms": rows,
        "websocket_ping_ms": pings,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| lines | scenario | requests | p50 ms | p95 ms | p99 ms | max ms | answered by |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in result["latency_ms"]:
        answered = row["answered"]
        lines.append(
            f"| {row['lines']} | {row['scenario']} | {row['samples']} | {row['p50']} | "
            f"{row['p95']} | {row['p99']} | {row['max']} | "
            f"jedi {answered['jedi']}, keywords {answered['keywords']}, none {answered['none']} |"
        )
    lines += ["", "| WebSocket ping | pings | p50 ms | p95 ms | p99 ms | max ms |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in result["websocket_ping_ms"]:
        lines.append(
            f"| {row['scenario']} | {row['samples']} | {row['p50']} | {row['p95']} | "
            f"{row['p99']} | {row['max']} |"
        )
    return "\n".join(lines)


def main() -> None:
    result = asyncio.run(run())
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"autocomplete-{result['date']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(markdown(result))
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
