"""`make bench`: every scenario of bench/README.md in one bounded run.

Writes bench/results/<date>.json and bench/results/latest.md, and prints the Markdown.
`uv run python -m bench --quick` runs small, short versions of the same scenarios.
"""

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bench import database, machine, report, systems
from bench.hocuspocus_runner import ensure_installed
from bench.plan import FULL, QUICK, Plan
from bench.redis_space import RedisSpace, bench_redis
from bench.scenarios import cold_start, completion, crowd, latency, memory, same_spot, throughput
from bench.servers import ROOT, WORK

RESULTS = ROOT / "bench" / "results"
SCENARIOS = (
    "latency",
    "crowd",
    "throughput",
    "memory",
    "autocomplete",
    "cold_start",
    "same_spot",
)
TIME_LIMIT_SECONDS = 900
"""The whole run, setup included, is cut off after fifteen minutes (it takes about ten)."""


@contextlib.contextmanager
def timed(scenario: str) -> Iterator[None]:
    """Say on stderr how long each scenario took, so a run that nears its limit shows where."""
    started = time.monotonic()
    yield
    print(f"{scenario}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)


async def run_scenarios(
    database_url: str, redis: RedisSpace, plan: Plan, chosen: set[str]
) -> dict[str, Any]:
    pairpad = systems.pairpad(database_url)
    compared = [pairpad, systems.hocuspocus_memory(), systems.hocuspocus_sqlite()]
    found: dict[str, Any] = {}
    profiles: dict[str, dict[str, Any] | None] = {}
    if "latency" in chosen:
        scaled_out = [
            systems.pairpad_instances(database_url, redis),
            systems.pairpad_instances(database_url, redis, whole_rooms=True),
        ]
        with timed("latency"):
            found["latency"], profiles["latency"] = await latency.run(
                [pairpad, *scaled_out, *compared[1:]], plan
            )
    if "crowd" in chosen:
        with timed("crowd"):
            found["crowd"] = await crowd.run(compared, plan)
    if "memory" in chosen:
        uncompressed = systems.pairpad(database_url, compress=False)
        with timed("memory"):
            found["memory"] = await memory.run([pairpad, uncompressed, *compared[1:]], plan)
    if chosen & {"throughput", "autocomplete", "cold_start", "same_spot"}:
        server = await asyncio.to_thread(pairpad.start)
        try:
            if "throughput" in chosen:
                with timed("throughput"):
                    found["throughput"], profiles["throughput"] = await throughput.run(
                        pairpad, server, plan
                    )
            if "autocomplete" in chosen:
                with timed("autocomplete"):
                    found["autocomplete"] = await completion.run(pairpad, server, plan)
            if "cold_start" in chosen:
                with timed("cold_start"):
                    found["cold_start"] = await cold_start.run(server, database_url, plan)
            if "same_spot" in chosen:
                with timed("same_spot"):
                    found["same_spot"] = await same_spot.run(server, plan)
        finally:
            server.stop()
    found["profiles"] = {name: summary for name, summary in profiles.items() if summary}
    return found


async def run(database_url: str, redis: RedisSpace, plan: Plan, chosen: set[str]) -> dict[str, Any]:
    async with asyncio.timeout(TIME_LIMIT_SECONDS):
        return {
            "postgres": await database.describe(database_url),
            "scenarios": await run_scenarios(database_url, redis, plan, chosen),
        }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small, short runs for trying things")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="run only these scenarios")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    started = time.monotonic()
    started_at = datetime.now(UTC)
    described = machine.describe()
    code_before = machine.source()
    ensure_installed()
    with database.bench_database() as database_url, bench_redis() as redis:
        found = asyncio.run(run(database_url, redis, plan, set(args.only or SCENARIOS)))
    results = {
        "date": started_at.date().isoformat(),
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_seconds": round(time.monotonic() - started),
        "plan": "quick" if args.quick else "full",
        "plan_parameters": asdict(plan),
        "machine": {**described, "postgres": found["postgres"]},
        "code": {"at_start": code_before, "at_end": machine.source()},
        **found["scenarios"],
    }
    # Quick runs are for trying things; only full runs are published.
    folder = WORK if args.quick else RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{results['date']}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    markdown = report.markdown(results)
    (folder / "latest.md").write_text(markdown + "\n")
    print(markdown)
    print(f"Written to {path.relative_to(ROOT)} and latest.md beside it")


if __name__ == "__main__":
    main()
