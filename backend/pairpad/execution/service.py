"""Code execution for the API and for rooms: the probed sandbox behind a global cap on runs,
shared fairly between client addresses."""

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable

from pairpad.config import Settings
from pairpad.execution.exceptions import (
    ExecutionUnavailable,
    LanguageUnavailable,
    RunInProgress,
    StdinTooLarge,
)
from pairpad.execution.probe import Probe, probe_once
from pairpad.execution.runtimes import Runtime
from pairpad.execution.sandbox import Limits, OnOutput, RunControls, Sandbox
from pairpad.execution.schemas import (
    ExecutionLimits,
    MountLimit,
    RunResult,
    SandboxCapabilities,
)
from pairpad.execution.slots import RunSlots
from pairpad.execution.uids import UidBlock, claim_uid_block

logger = logging.getLogger(__name__)

OnStart = Callable[[], Awaitable[None]]


class CodeExecution:
    """Runs programs in the sandbox chosen at startup, a few at a time, each as its own uid."""

    def __init__(self, probe: Probe, uid_block: UidBlock | None, settings: Settings) -> None:
        self._probe = probe
        self._uid_block = uid_block
        self.max_stdin_bytes = settings.execution_max_stdin_bytes
        self.uids = uid_block.uids if uid_block else range(0)
        self._slots = RunSlots(
            self.uids, settings.execution_max_queued, settings.execution_max_runs_per_address
        )
        self.capabilities = describe(probe, Limits.from_settings(settings))
        self.rooms = RoomRuns(self, settings.execution_max_runs_per_room)

    def check_stdin(self, stdin: str) -> str:
        """`stdin` unchanged, or StdinTooLarge when it passes the input limit."""
        if len(stdin) > self.max_stdin_bytes // 4 and len(stdin.encode()) > self.max_stdin_bytes:
            raise StdinTooLarge(self.max_stdin_bytes)
        return stdin

    def _ready_for(self, language: str) -> tuple[Sandbox, Runtime]:
        """The sandbox and interpreter for `language`, or the error saying why it cannot run."""
        if self._probe.sandbox is None:
            reasons = "; ".join(self._probe.notes)
            raise ExecutionUnavailable(f"Code execution is disabled on this server: {reasons}.")
        runtime = self._probe.runtimes.get(language)
        if runtime is None:
            raise LanguageUnavailable(f"{language} code cannot run on this server.")
        return self._probe.sandbox, runtime

    async def run(
        self,
        language: str,
        code: str,
        stdin: str = "",
        on_start: OnStart | None = None,
        *,
        address: str,
        controls: RunControls | None = None,
    ) -> RunResult:
        """Run `code` for a client at `address`, waiting in turn for a free slot; `on_start` is
        awaited once it has one; `controls` streams its output and stops it.

        Raises StdinTooLarge, ExecutionUnavailable, LanguageUnavailable, TooManyRunsFromAddress
        or TooManyRuns before anything runs.
        """
        self.check_stdin(stdin)
        sandbox, runtime = self._ready_for(language)
        async with self._slots.slot(address) as uid:
            if on_start is not None:
                await on_start()
            return await sandbox.run(runtime, code, stdin, uid, controls)

    def close(self) -> None:
        """Remove the runs' cgroups and give the uids back for another server to claim."""
        sandbox = self._probe.sandbox
        if sandbox is not None and sandbox.cgroups is not None:
            for uid in self.uids:
                sandbox.cgroups.remove(uid)
        if self._uid_block is not None:
            self._uid_block.release()


class RoomRuns:
    """A few runs at a time per room (one by default), on top of the global cap."""

    def __init__(self, execution: CodeExecution, max_per_room: int) -> None:
        self._execution = execution
        self._max_per_room = max_per_room
        self._running: Counter[str] = Counter()
        self._stops: dict[str, set[asyncio.Event]] = {}

    def stop(self, room_id: str) -> bool:
        """Stop the room's runs (a waiting one ends as soon as it starts); False if it has none."""
        stops = self._stops.get(room_id, set())
        for stop in stops:
            stop.set()
        return bool(stops)

    async def run(
        self,
        room_id: str,
        language: str,
        code: str,
        on_start: OnStart | None = None,
        *,
        address: str,
        stdin: str = "",
        on_output: OnOutput | None = None,
    ) -> RunResult:
        """Run the room's text with `stdin` for a participant at `address`, telling `on_output`
        what it prints as it comes; raises RunInProgress while the room has its limit of runs
        going or waiting."""
        if self._running[room_id] >= self._max_per_room:
            raise RunInProgress(room_id)
        self._running[room_id] += 1
        stop = asyncio.Event()
        self._stops.setdefault(room_id, set()).add(stop)
        try:
            return await self._execution.run(
                language,
                code,
                stdin,
                on_start=on_start,
                address=address,
                controls=RunControls(on_output=on_output, stop=stop),
            )
        finally:
            self._stops[room_id].discard(stop)
            if not self._stops[room_id]:
                del self._stops[room_id]
            self._running[room_id] -= 1
            if not self._running[room_id]:
                del self._running[room_id]


def describe(probe: Probe, limits: Limits) -> SandboxCapabilities:
    sandbox = probe.sandbox
    mounts = sandbox.isolation.writable_mounts(limits.workspace_bytes) if sandbox else []
    cgroups = sandbox.cgroups if sandbox else None
    return SandboxCapabilities(
        isolation=sandbox.isolation.name if sandbox else None,
        description=sandbox.isolation.description if sandbox else None,
        languages=[runtime.language for runtime in probe.runtimes.values()],
        notes=list(probe.notes),
        limits=ExecutionLimits(
            timeout_seconds=limits.timeout_seconds,
            cpu_seconds=limits.cpu_seconds,
            memory_bytes=limits.memory_bytes,
            max_output_bytes=limits.max_output_bytes,
            workspace_bytes=limits.workspace_bytes,
            writable_mounts=None
            if mounts is None
            else [MountLimit(path=mount.path, size_bytes=mount.size_bytes) for mount in mounts],
            cgroup_memory_bytes=limits.run_memory_bytes if cgroups else None,
        ),
    )


async def start_execution(settings: Settings) -> CodeExecution:
    """Claim uids, probe the sandbox, log what code execution offers, and get ready to run."""
    base, size = settings.execution_uid_base, settings.execution_max_concurrent
    uid_block = claim_uid_block(base, size)
    if uid_block is None:
        probe = Probe(None, notes=(f"other servers hold every block of {size} uids from {base}",))
    else:
        probe = await probe_once(settings, uid_block.uids[0], uid_block.uids[1:])
    execution = CodeExecution(probe, uid_block, settings)
    capabilities = execution.capabilities
    if capabilities.isolation is None:
        logger.warning("code execution is disabled: %s", "; ".join(capabilities.notes))
    else:
        cgroups = probe.sandbox.cgroups if probe.sandbox else None
        logger.info(
            "code execution: %s; %s; uids %s-%s; languages %s%s",
            capabilities.description,
            f"{cgroups.version} memory limit in {cgroups.parent}" if cgroups else "no cgroup",
            execution.uids.start,
            execution.uids.stop - 1,
            ", ".join(capabilities.languages),
            "".join(f"; {note}" for note in capabilities.notes),
        )
    return execution
