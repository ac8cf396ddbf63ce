"""Scenario 2: one room, ever more people typing at human speed, until it degrades.

Servers take turns at each size; a server that has degraded is not given bigger rooms.
"""

from typing import Any

from bench.load import Load
from bench.plan import Plan
from bench.result import OK, RunResult
from bench.systems import System, started
from bench.typist import HUMAN

DEGRADED_P95_MS = 1000.0
"""Past this, or once a run fails, bigger rooms are not tried: they would only take longer."""


def degraded(result: RunResult) -> bool:
    latency = result.latency
    return result.status != OK or not latency.count or latency.percentile(0.95) > DEGRADED_P95_MS


async def run(systems: list[System], plan: Plan) -> list[dict[str, Any]]:
    rows = []
    given_up: set[str] = set()
    async with started(systems) as running:
        for people in plan.crowd_people:
            for system, server in running:
                if system.name in given_up:
                    continue
                result = await system.load(server, Load(1, people, HUMAN, plan.window), None)
                rows.append({"system": system.name, "people": people, **result.row()})
                if degraded(result):
                    given_up.add(system.name)
    return rows
