"""Running one program in the sandbox: launch it under a uid of its own with limits, in a memory
cgroup where the host has one, watch the clock and the output size, and leave no process of it
behind."""

import asyncio
import codecs
import dataclasses
import json
import logging
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from pairpad.config import Settings
from pairpad.execution.cgroups import RunCgroups
from pairpad.execution.isolation import Isolation, Job
from pairpad.execution.processes import kill_processes_of
from pairpad.execution.runtimes import Program, Runtime
from pairpad.execution.schemas import RunResult
from pairpad.execution.seccomp import build_seccomp_program, program_fd

logger = logging.getLogger(__name__)

CONFINE_SOURCE = Path(__file__).with_name("confine.py").read_text()
BUILD_SOURCE = Path(__file__).with_name("build.py").read_text()
READ_CHUNK_BYTES = 65_536
# After its namespace's processes are killed, bubblewrap reaps them and exits by itself; killed
# first instead, it would leave them as zombies of whatever adopts orphans.
LAUNCHER_EXIT_GRACE_SECONDS = 1.0
# What an interpreter holds beyond the heap `memory_bytes` caps (V8's young generation and code,
# the pages of the files it reads): node at a full 256 MiB heap peaked at 297 MiB.
INTERPRETER_MEMORY_BYTES = 64 << 20


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float
    cpu_seconds: int
    memory_bytes: int
    max_processes: int
    max_file_bytes: int
    max_open_files: int
    workspace_bytes: int
    max_output_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        return cls(
            timeout_seconds=settings.execution_timeout_seconds,
            cpu_seconds=settings.execution_cpu_seconds,
            memory_bytes=settings.execution_memory_bytes,
            max_processes=settings.execution_max_processes,
            max_file_bytes=settings.execution_max_file_bytes,
            max_open_files=settings.execution_max_open_files,
            workspace_bytes=settings.execution_workspace_bytes,
            max_output_bytes=settings.execution_max_output_bytes,
        )

    @property
    def run_memory_bytes(self) -> int:
        """The memory cgroup's limit: the program's memory, what it may write to its tmpfs, and
        the interpreter's own."""
        return self.memory_bytes + self.workspace_bytes + INTERPRETER_MEMORY_BYTES

    def rlimits(self, program: Program) -> dict[str, tuple[int, int]]:
        """Soft and hard rlimits by `resource` name, applied before the sandbox starts."""
        return {
            # SIGXCPU at the soft limit rather than an outright SIGKILL, so it reads as a timeout.
            "RLIMIT_CPU": (self.cpu_seconds, self.cpu_seconds + 1),
            "RLIMIT_AS": (
                program.launch_address_space_bytes,
                program.launch_address_space_bytes,
            ),
            "RLIMIT_NPROC": (self.max_processes, self.max_processes),
            "RLIMIT_FSIZE": (self.max_file_bytes, self.max_file_bytes),
            "RLIMIT_NOFILE": (self.max_open_files, self.max_open_files),
            "RLIMIT_CORE": (0, 0),
        }


OnOutput = Callable[[str, str], None]
"""Called with `stdout` or `stderr` and the text the program just wrote there (within the cap)."""


@dataclass(frozen=True)
class RunControls:
    """What a caller may do with a run while it goes: see its output and stop it."""

    on_output: OnOutput | None = None
    stop: asyncio.Event | None = None


@dataclass(frozen=True)
class _CompileReport:
    """What build.py said about the compile step, and when the server heard it."""

    exit_code: int
    output: str
    ms: int
    heard_at: float

    @classmethod
    def parse(cls, line: bytes, heard_at: float, cap: int) -> "_CompileReport | None":
        try:
            raw = json.loads(line)
            output = str(raw["output"])
            if raw["truncated"]:
                output += f"\n[compiler output cut at {cap} bytes]\n"
            return cls(int(raw["exitCode"]), output, int(raw["ms"]), heard_at)
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class _Captured:
    data: bytes
    truncated: bool

    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


class Sandbox:
    """One isolation with its limits, seccomp filter and memory cgroups, ready to run programs."""

    def __init__(
        self,
        isolation: Isolation,
        limits: Limits,
        seccomp_program: bytes,
        launcher: str,
        cgroups: RunCgroups | None,
    ) -> None:
        self.isolation = isolation
        self.limits = limits
        self.cgroups = cgroups
        self._seccomp_program = seccomp_program
        self._build_seccomp: bytes | None = None
        self._launcher = launcher

    def _build_seccomp_program(self) -> bytes:
        """The compile step's filter (processes allowed), built the first time it is needed."""
        if self._build_seccomp is None:
            self._build_seccomp = build_seccomp_program(allow_processes=True)
        return self._build_seccomp

    async def run(
        self,
        runtime: Runtime,
        code: str,
        stdin: str,
        uid: int,
        controls: RunControls | None = None,
    ) -> RunResult:
        """Run `code` as `uid`, which no other process may be using, and report how it went;
        `controls` streams its output as it comes and stops it early."""
        controls = controls or RunControls()
        if uid == 0:
            raise ValueError("code never runs as root")
        program = runtime.program(self.limits.memory_bytes, code)
        if program.compile_argv is None:
            return await self._run(program, code, stdin, uid, None, controls)
        # build.py compiles under the outer filter, then adds the strict one and execs the
        # program; it says how the compile went on a pipe of its own.
        report = _ReportPipe()
        try:
            with _closing(program_fd(self._seccomp_program)) as strict_fd:
                plan = {
                    "compile": list(program.compile_argv),
                    "argv": list(program.argv),
                    "seccomp_fd": strict_fd,
                    "report_fd": report.write_fd,
                    "max_output": self.limits.max_output_bytes,
                    "address_space": program.address_space_bytes,
                    "env": dict(program.env),
                    "compile_env": dict(program.compile_env),
                }
                argv = (self._launcher, "-I", "-S", "-B", "-c", BUILD_SOURCE, json.dumps(plan))
                build = dataclasses.replace(program, argv=argv, host_paths=program.host_paths)
                return await self._run(build, code, stdin, uid, (report, strict_fd), controls)
        finally:
            report.close()

    async def _run(
        self,
        program: Program,
        code: str,
        stdin: str,
        uid: int,
        build_fds: "tuple[_ReportPipe, int] | None",
        controls: RunControls,
    ) -> RunResult:
        cgroup_procs: Path | None = None
        oom_kills = 0
        if self.cgroups is not None:
            cgroup_procs = self.cgroups.prepare(uid, self.limits.run_memory_bytes)
            oom_kills = self.cgroups.oom_kills(uid)
        outer = self._seccomp_program if build_fds is None else self._build_seccomp_program()
        with (
            _workspace(program.source_name, code, uid) as workspace,
            _closing(program_fd(outer)) as seccomp_fd,
        ):
            job = Job(workspace, program, seccomp_fd, self.limits.workspace_bytes)
            launch = self.isolation.launch(job)
            plan = launch.as_plan(uid, cgroup_procs, self.limits.rlimits(program))
            started = time.monotonic()
            # Started as root: confine.py joins the cgroup, then drops to the run's uid.
            process = await asyncio.create_subprocess_exec(
                *(self._launcher, "-I", "-S", "-B", "-c", CONFINE_SOURCE, json.dumps(plan)),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=workspace,
                env={},
                start_new_session=True,
                pass_fds=(seccomp_fd,)
                if build_fds is None
                else (seccomp_fd, build_fds[0].write_fd, build_fds[1]),
            )
            report: asyncio.Task[_CompileReport | None] | None = None
            if build_fds is not None:
                # Only the sandbox may write the report: its end closes, so the reader ends.
                build_fds[0].close_write()
                report = asyncio.create_task(self._read_report(build_fds[0].read_fd))
            try:
                result = await self._supervise(process, stdin, uid, started, oom_kills, controls)
            finally:
                if report is not None and not report.done():
                    report.cancel()
            if report is None:
                return result.model_copy(update={"run_ms": result.duration_ms})
            with suppress(asyncio.CancelledError):
                await report
            compiled = None if report.cancelled() else report.result()
            return _with_compile_report(result, compiled, started)

    async def _read_report(self, fd: int) -> "_CompileReport | None":
        """The compile report's line, when build.py writes one."""
        cap = self.limits.max_output_bytes
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=8 * cap + 4096)
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(os.dup(fd), "rb", buffering=0)
        )
        try:
            line = await reader.readline()
        except (ValueError, asyncio.LimitOverrunError):
            return None
        finally:
            transport.close()
        return _CompileReport.parse(line, time.monotonic(), cap) if line else None

    async def _supervise(
        self,
        process: asyncio.subprocess.Process,
        stdin: str,
        uid: int,
        started: float,
        oom_kills_before: int,
        controls: RunControls,
    ) -> RunResult:
        assert process.stdin and process.stdout and process.stderr
        overflowed = asyncio.Event()
        stop = controls.stop or asyncio.Event()
        cap = self.limits.max_output_bytes
        on_output = controls.on_output
        async with asyncio.TaskGroup() as group:
            stdout = group.create_task(
                _read_capped(process.stdout, cap, overflowed, _named(on_output, "stdout"))
            )
            stderr = group.create_task(
                _read_capped(process.stderr, cap, overflowed, _named(on_output, "stderr"))
            )
            group.create_task(_feed(process.stdin, stdin.encode("utf-8", errors="replace")))
            timed_out = False
            try:
                async with asyncio.timeout(self.limits.timeout_seconds):
                    await _ended_or_overflowed(process, overflowed, stop)
            except TimeoutError:
                timed_out = True
            finally:
                duration_ms = round((time.monotonic() - started) * 1000)
                await stop_run(process, uid)
        assert process.returncode is not None
        stopped = stop.is_set() and not timed_out
        exit_code = 128 - process.returncode if process.returncode < 0 else process.returncode
        truncated = stdout.result().truncated or stderr.result().truncated
        # As pid 1 of its namespace the program ignores SIGXCPU, so the CPU limit ends it with
        # the hard limit's SIGKILL; only the memory cgroup also kills a run that did not overflow.
        out_of_memory = self.cgroups is not None and self.cgroups.oom_kills(uid) > oom_kills_before
        out_of_cpu = (
            exit_code in (128 + signal.SIGXCPU, 128 + signal.SIGKILL)
            and not truncated
            and not out_of_memory
            and not stopped
        )
        return RunResult(
            stdout=stdout.result().text(),
            stderr=stderr.result().text(),
            exit_code=exit_code,
            duration_ms=duration_ms,
            timed_out=timed_out or out_of_cpu,
            truncated=truncated,
            stopped=stopped,
        )


def _with_compile_report(
    result: RunResult, report: _CompileReport | None, started: float
) -> RunResult:
    """The run's result with the compile step's part: its time, output, and whether it failed."""
    if report is None:
        # Stopped (or broken) before the compiler was done: all the time went to compiling.
        return result.model_copy(update={"compile_ms": result.duration_ms})
    if report.exit_code != 0:
        return result.model_copy(
            update={
                "compile_ms": report.ms,
                "compile_error": True,
                "compile_output": report.output,
            }
        )
    ran_ms = started * 1000 + result.duration_ms - report.heard_at * 1000
    return result.model_copy(
        update={
            "compile_ms": report.ms,
            "compile_output": report.output,
            "run_ms": max(0, round(ran_ms)),
        }
    )


async def _ended_or_overflowed(
    process: asyncio.subprocess.Process, overflowed: asyncio.Event, stop: asyncio.Event
) -> None:
    """Wait until the program exits, writes more than the output limit, or is asked to stop."""
    waits = {
        asyncio.ensure_future(process.wait()),
        asyncio.ensure_future(overflowed.wait()),
        asyncio.ensure_future(stop.wait()),
    }
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()


async def stop_run(process: asyncio.subprocess.Process, uid: int) -> None:
    """Kill whatever is left of the run and reap the launcher; afterwards `uid` owns nothing."""
    inner = kill_processes_of(uid, sparing=process.pid)
    if inner and process.returncode is None:
        with suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), LAUNCHER_EXIT_GRACE_SECONDS)
    if process.returncode is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    await process.wait()
    if leftovers := kill_processes_of(uid):
        logger.error("uid %s still had processes %s after its run was stopped", uid, leftovers)


def _named(on_output: OnOutput | None, stream: str) -> Callable[[str], None] | None:
    if on_output is None:
        return None
    return lambda text: on_output(stream, text)


async def _read_capped(
    stream: asyncio.StreamReader,
    cap: int,
    overflowed: asyncio.Event,
    on_text: Callable[[str], None] | None = None,
) -> _Captured:
    """The stream's first `cap` bytes, and whether there was more; `on_text` hears them as they
    come, decoded as the result will be (a character split between reads is held back).

    Reading goes on to end of file, discarding, because the pipe must be drained for the
    process to be reaped; `overflowed` tells the supervisor to stop the program meanwhile.
    """
    data = bytearray()
    truncated = False
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while chunk := await stream.read(READ_CHUNK_BYTES):
        room = cap - len(data)
        if len(chunk) > room:
            truncated = True
            overflowed.set()
        kept = chunk[:room]
        data += kept
        if on_text is not None and kept and (text := decoder.decode(kept)):
            on_text(text)
    if on_text is not None and (rest := decoder.decode(b"", final=True)):
        on_text(rest)
    return _Captured(bytes(data), truncated)


async def _feed(pipe: asyncio.StreamWriter, data: bytes) -> None:
    """Write the program's whole input, then close it so the program sees end of file."""
    # A program that ended at once has its pipe closed already: uvloop refuses to write then.
    if pipe.is_closing():
        return
    try:
        pipe.write(data)
        await pipe.drain()
        pipe.close()
    except (BrokenPipeError, ConnectionResetError):
        # The program ended without reading all its input; that is its choice, not an error.
        return


@contextmanager
def _workspace(source_name: str, code: str, uid: int) -> Iterator[Path]:
    """A fresh directory holding the source, which only `uid` (and root) may read.

    The directory is root's, and only the run's group (the gid of `uid`'s number) may list or
    enter it; the source is the run's uid's, mode 0400, from the moment it exists.
    """
    with tempfile.TemporaryDirectory(prefix="pairpad-run-") as directory:
        workspace = Path(directory)
        fd = os.open(workspace / source_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
        with open(fd, "wb") as source:
            os.fchown(fd, uid, uid)
            source.write(code.encode("utf-8", errors="replace"))
        # bubblewrap, already the run's uid, must reach the source to bind it into the sandbox.
        os.chown(workspace, 0, uid)
        workspace.chmod(0o750)
        yield workspace


class _ReportPipe:
    """build.py's channel for the compile report. Each end is closed exactly once: the server
    keeps running other runs meanwhile, and a second close of a number the kernel has handed
    out again would close someone else's file (another run's pipe, a socket, the event loop's)."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()
        self._open = {self.read_fd, self.write_fd}

    def close_write(self) -> None:
        self._close(self.write_fd)

    def close(self) -> None:
        self._close(self.write_fd)
        self._close(self.read_fd)

    def _close(self, fd: int) -> None:
        if fd in self._open:
            self._open.discard(fd)
            os.close(fd)


@contextmanager
def _closing(fd: int) -> Iterator[int]:
    try:
        yield fd
    finally:
        os.close(fd)
