"""Scenario 5: autocomplete latency while 100 rooms of two type at human speed.

The requests are those of bench/autocomplete.py's warm typing (a fast typist in a 1,000-line
Python file, ten keystrokes a second, one request each), sent during the measured window.
"""

import asyncio
import time
from collections import Counter
from typing import Any

import httpx

from bench.autocomplete import KEYSTROKE_INTERVAL, keystrokes, python_file, timed_request, warm_up
from bench.load import Load
from bench.plan import Plan
from bench.servers import Deployment
from bench.stats import Histogram
from bench.systems import System
from bench.typist import HUMAN

ROOMS = 100
PEOPLE = 2
FILE_LINES = 1000


async def run(pairpad: System, server: Deployment, plan: Plan) -> dict[str, Any]:
    latency = Histogram()
    providers: Counter[str] = Counter()

    async def complete(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        async with httpx.AsyncClient(base_url=server.http_url, timeout=30) as http:
            for body in keystrokes(python_file(FILE_LINES)):
                if time.monotonic() >= deadline:
                    return
                next_keystroke = asyncio.create_task(asyncio.sleep(KEYSTROKE_INTERVAL))
                sample = await timed_request(http, body)
                latency.add(sample.latency_ms)
                providers[sample.provider] += 1
                await next_keystroke

    async with httpx.AsyncClient(base_url=server.http_url, timeout=30) as http:
        await warm_up(http)
    result = await pairpad.load(server, Load(ROOMS, PEOPLE, HUMAN, plan.window), complete)
    return {
        "rooms": ROOMS,
        "people": PEOPLE,
        "file_lines": FILE_LINES,
        "autocomplete_ms": latency.summary(),
        "answered_by": dict(providers),
        "editing": result.row(),
    }
