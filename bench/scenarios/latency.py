"""Scenario 1: keystroke → seen by the other person, at 1, 100 and 500 rooms of 2 at human speed.

Servers take turns at each level. The server is profiled with py-spy (where it can be) during
the 100-room level, the load the latency target is set for.
"""

import asyncio
from typing import Any

from bench import profile
from bench.load import Load
from bench.plan import Plan
from bench.servers import WORK
from bench.systems import System, started
from bench.typist import HUMAN

PEOPLE = 2
PROFILED_ROOMS = 100
COLLAPSED = WORK / "latency-profile.txt"


async def run(
    systems: list[System], plan: Plan
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Rows per level and system, and the profile of the first profiled server (if any)."""
    rows = []
    found = None
    async with started(systems) as running:
        for rooms in plan.latency_rooms:
            for system, server in running:
                profiled = found is None and system.profiled and rooms == PROFILED_ROOMS
                recorder = profile.recorder(server.pid, COLLAPSED) if profiled else None
                result = await system.load(
                    server, Load(rooms, PEOPLE, HUMAN, plan.window), recorder
                )
                rows.append(
                    {"system": system.name, "rooms": rooms, "people": PEOPLE, **result.row()}
                )
                if profiled:
                    scene = f"{system.name}, {rooms} rooms x {PEOPLE} at human speed"
                    found = await asyncio.to_thread(profile.summary, scene, COLLAPSED)
    return rows, found
