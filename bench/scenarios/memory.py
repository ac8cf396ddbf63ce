"""Scenario 4: server memory (RSS) per open room and per idle connection.

A fresh server gets a few rooms opened and closed (so imports, pools and caches are in place),
then N empty rooms with one idle connection each, then a second and a third idle connection in
each room: the first step costs N rooms plus N connections, the later ones N connections alone
(their mean is the cost of a connection; allocators grow in steps, so one step alone is noisy).
"""

import asyncio
from typing import Any

from bench.plan import Plan
from bench.proc import rss_bytes
from bench.servers import Deployment
from bench.systems import System

WARM_ROOMS = 20
STEPS = 3
SETTLE_SECONDS = 2.0


async def settled_rss(server: Deployment) -> int:
    """RSS once the server has finished reacting to the last connections."""
    await asyncio.sleep(SETTLE_SECONDS)
    return rss_bytes(server.pid)


async def measure(system: System, rooms: int) -> dict[str, Any]:
    server = await asyncio.to_thread(system.start)
    try:
        async for _ in system.idle(server, WARM_ROOMS, 1):
            pass
        baseline = await settled_rss(server)
        sizes = []
        async for _ in system.idle(server, rooms, STEPS):
            sizes.append(await settled_rss(server))
    finally:
        server.stop()
    per_connection = (sizes[-1] - sizes[0]) / (STEPS - 1) / rooms
    per_room = (sizes[0] - baseline) / rooms - per_connection
    return {
        "system": system.name,
        "rooms": rooms,
        "connections": STEPS * rooms,
        "baseline_mib": round(baseline / 2**20, 1),
        "per_open_room_kib": round(per_room / 1024, 1),
        "per_idle_connection_kib": round(per_connection / 1024, 1),
    }


async def run(systems: list[System], plan: Plan) -> list[dict[str, Any]]:
    return [await measure(system, plan.memory_rooms) for system in systems]
