"""The servers compared, each with how to start it, load it and hold idle connections to it.

Scenarios loop over these instead of branching on which server they talk to.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from bench import servers
from bench.hocuspocus_runner import idle_yjs_clients, run_yjs_load
from bench.load import Alongside, Load, idle_editors, run_load
from bench.redis_space import RedisSpace
from bench.result import RunResult
from bench.servers import WORK, Deployment

IdleConnections = Callable[[Deployment, int, int], AsyncIterator[None]]
"""(server, rooms, steps): each step adds one idle connection per room and yields."""


Run = Callable[[Deployment, Load, Alongside | None], Awaitable[RunResult]]


@dataclass(frozen=True)
class System:
    name: str
    start: Callable[[], Deployment]
    run: Run
    idle: IdleConnections
    profiled: bool = False
    """Whether py-spy can profile the server (it reads Python processes only)."""

    async def load(
        self, server: Deployment, load: Load, alongside: Alongside | None = None
    ) -> RunResult:
        """Run `load`, noting how many lines of trouble the server logged meanwhile."""
        before = server.log_warnings()
        result = await self.run(server, load, alongside)
        result.server_log_warnings = server.log_warnings() - before
        return result


def pairpad(database_url: str, compress: bool = True) -> System:
    """PairPad; `compress=False` has its clients refuse permessage-deflate, to show its cost."""
    return System(
        name="PairPad (PostgreSQL)" + ("" if compress else ", clients without deflate"),
        start=lambda: Deployment([servers.pairpad(database_url)]).start(),
        run=lambda server, load, alongside: run_load(
            server, database_url, replace(load, compress=compress), alongside
        ),
        idle=lambda server, rooms, steps: idle_editors(server, rooms, steps, compress),
        profiled=True,
    )


def pairpad_instances(
    database_url: str, redis: RedisSpace, whole_rooms: bool = False, count: int = 2
) -> System:
    """PairPad as `count` instances on one PostgreSQL, sharing rooms through Redis: each room's
    people on different instances, or (`whole_rooms`) each room on one, as deploy/nginx.conf
    routes them."""
    placement = "rooms hashed to an instance" if whole_rooms else "each room split"
    return System(
        name=f"PairPad, {count} instances (Redis), {placement}",
        start=lambda: Deployment(
            [servers.pairpad(database_url, redis.env) for _ in range(count)], whole_rooms
        ).start(),
        run=lambda server, load, alongside: run_load(server, database_url, load, alongside),
        idle=idle_editors,
    )


def hocuspocus_memory() -> System:
    return System(
        name="Hocuspocus (memory)",
        start=lambda: Deployment([servers.hocuspocus()]).start(),
        run=lambda server, load, alongside: run_yjs_load(server, load, False, alongside),
        idle=idle_yjs_clients,
    )


def hocuspocus_sqlite(sqlite_file: Path = WORK / "hocuspocus.sqlite") -> System:
    return System(
        name="Hocuspocus (SQLite)",
        start=lambda: Deployment([servers.hocuspocus(sqlite_file)]).start(),
        run=lambda server, load, alongside: run_yjs_load(server, load, True, alongside),
        idle=idle_yjs_clients,
    )


@asynccontextmanager
async def started(systems: list[System]) -> AsyncIterator[list[tuple[System, Deployment]]]:
    """All the servers at once, so a scenario can interleave them level by level: contention
    from whatever else runs on the machine then falls on all of them alike."""
    running: list[tuple[System, Deployment]] = []
    try:
        for system in systems:
            running.append((system, await asyncio.to_thread(system.start)))
        yield running
    finally:
        for _, server in running:
            server.stop()
