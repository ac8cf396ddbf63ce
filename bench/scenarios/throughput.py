"""Scenario 3: the most confirmed edits per second one PairPad server sustains, durably.

Rooms of two people typing flat out (a keystroke every 5-15 ms each); every confirmed edit is
counted in PostgreSQL afterwards. The server is profiled with py-spy during the largest level.
"""

import asyncio
from typing import Any

from bench import profile
from bench.load import Load
from bench.plan import Plan
from bench.servers import WORK, Deployment
from bench.systems import System
from bench.typist import FLAT_OUT

PEOPLE = 2
COLLAPSED = WORK / "throughput-profile.txt"


async def run(
    pairpad: System, server: Deployment, plan: Plan
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows per level, and the profile taken during the last one."""
    rows = []
    for rooms in plan.throughput_rooms:
        last = rooms == plan.throughput_rooms[-1]
        recorder = profile.recorder(server.pid, COLLAPSED) if last else None
        load = Load(rooms, PEOPLE, FLAT_OUT, plan.window)
        result = await pairpad.load(server, load, recorder)
        rows.append({"rooms": rooms, "people": PEOPLE, **result.row()})
    scene = f"PairPad (PostgreSQL), {plan.throughput_rooms[-1]} rooms x {PEOPLE} typing flat out"
    return rows, await asyncio.to_thread(profile.summary, scene, COLLAPSED)
