"""Drives the Node side (bench/hocuspocus/): installs it, runs its load generator, reads results.

The Node scripts speak JSON lines on stdout; CPU is read here from /proc, for the Hocuspocus
server and for the Node load generator, exactly as for PairPad and the Python load generator.
"""

import asyncio
import json
import secrets
import subprocess
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bench.load import Alongside, Load
from bench.proc import CpuWindow
from bench.result import RunResult, judge
from bench.servers import HOCUSPOCUS_DIR, Deployment
from bench.stats import HISTOGRAM_SHAPE, Histogram

STARTUP_ALLOWANCE = 120.0


def ensure_installed() -> None:
    """`npm ci` from the committed lock file, unless node_modules is already up to date."""
    modules = HOCUSPOCUS_DIR / "node_modules"
    lock = HOCUSPOCUS_DIR / "package-lock.json"
    if modules.is_dir() and modules.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HOCUSPOCUS_DIR, check=True)
    modules.touch()


def room_names(count: int) -> list[str]:
    prefix = secrets.token_hex(4)
    return [f"{prefix}-{index}" for index in range(count)]


@asynccontextmanager
async def node_script(
    script: str, config: dict[str, Any]
) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await asyncio.create_subprocess_exec(
        "node",
        script,
        json.dumps(config),
        cwd=HOCUSPOCUS_DIR,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def next_event(process: asyncio.subprocess.Process) -> dict[str, Any]:
    assert process.stdout is not None
    line = await process.stdout.readline()
    if not line:
        raise RuntimeError(f"the Node script ended early (exit code {await process.wait()})")
    event: dict[str, Any] = json.loads(line)
    return event


async def run_yjs_load(
    server: Deployment, load: Load, check_stored: bool, alongside: Alongside | None = None
) -> RunResult:
    """The same load as bench.load.run_load, typed by Yjs clients into Hocuspocus."""
    config = {
        "url": server.ws_url,
        "httpUrl": server.http_url,
        "rooms": room_names(load.rooms),
        "people": load.people,
        "model": load.model.as_json(),
        "warmup": load.warmup,
        "seconds": load.seconds,
        "drainSeconds": load.drain_seconds,
        "histogram": HISTOGRAM_SHAPE,
        "seed": load.seed,
        "checkStored": check_stored,
    }
    limit = STARTUP_ALLOWANCE + load.warmup + load.seconds + load.drain_seconds
    async with asyncio.timeout(limit), node_script("load.mjs", config) as process:
        cpu = CpuWindow({"server": [server.pid], "load_generator": [process.pid]})
        if (await next_event(process))["event"] != "measuring":
            raise RuntimeError("the Node load generator skipped its measured window")
        cpu.start()
        await asyncio.gather(next_event(process), *([alongside(load.seconds)] if alongside else []))
        usage = cpu.stop()
        outcome = await next_event(process)
    problems = Counter(outcome["problems"])
    return RunResult(
        latency=Histogram.from_json(outcome["latency"]),
        timed_keystrokes=outcome["timedKeystrokes"],
        edits_in_window=outcome["edits"],
        window_seconds=load.seconds,
        usage=usage,
        loop_lag_p99_ms=outcome["loopLagP99Ms"],
        status=judge(outcome["settled"], problems),
        problems=problems,
    )


async def idle_yjs_clients(server: Deployment, rooms: int, steps: int) -> AsyncIterator[None]:
    """The Yjs counterpart of bench.load.idle_editors, through bench/hocuspocus/idle.mjs."""
    names = room_names(rooms)
    config = {"url": server.ws_url, "steps": [names] * steps}
    async with node_script("idle.mjs", config) as process:
        assert process.stdin is not None
        for _ in range(steps):
            await next_event(process)
            yield
            process.stdin.write(b"next\n")
            await process.stdin.drain()
        await process.wait()
