"""Programs, settings and waits the execution tests build on."""

import asyncio
import os
import textwrap
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pairpad.execution.probe import Probe
from pairpad.execution.processes import processes_of
from pairpad.execution.schemas import RunResult

# A uid range of this test process's own: two test runs on one host never touch each other's runs.
TEST_UID_BASE = 300_000 + (os.getpid() % 50_000) * 8

TEST_EXECUTION_SETTINGS: dict[str, Any] = {
    "execution_uid_base": TEST_UID_BASE,
    "execution_timeout_seconds": 2.0,
    "execution_cpu_seconds": 2,
    "execution_memory_bytes": 128 << 20,
    "execution_max_output_bytes": 4096,
    "execution_max_file_bytes": 2 << 20,
    "execution_workspace_bytes": 4 << 20,
    "execution_max_processes": 32,
    "execution_max_concurrent": 2,
    "execution_max_queued": 1,
}
# Far beyond the 2 s test limit, yet short enough to catch a run that was never stopped.
CONTAINED_WITHIN_MS = 10_000


def with_settings(**overrides: Any) -> pytest.MarkDecorator:
    """Build the test's app with these execution settings on top of the test defaults."""
    return pytest.mark.parametrize("execution_settings", [overrides], indirect=True, ids=[""])


def attempt(action: str) -> str:
    """A Python program that tries `action` and prints `blocked <error>` or `ESCAPED`."""
    body = textwrap.indent(textwrap.dedent(action).strip(), "    ")
    return (
        f"try:\n{body}\n"
        "except OSError as exc:\n"
        "    print('blocked', type(exc).__name__)\n"
        "else:\n"
        "    print('ESCAPED')\n"
    )


def libc_call(call: str) -> str:
    """An action for `attempt` that makes a raw libc call and raises OSError when it fails."""
    return (
        "import ctypes\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        f"if libc.{call} == -1:\n"
        "    raise OSError(ctypes.get_errno(), 'refused')\n"
    )


def write_until_refused(path: str) -> str:
    """A program appending 1 MiB at a time to the file the f-string `path` names (`n` counts
    the chunks) until refused; it prints `blocked <error> <bytes written>`."""
    return (
        "written = 0\n"
        "try:\n"
        "    for n in range(1000):\n"
        f"        with open(f{path!r}, 'ab') as f:\n"
        "            written += f.write(b'x' * 2**20)\n"
        "except OSError as exc:\n"
        "    print('blocked', type(exc).__name__, written)\n"
    )


def host_shmem_bytes() -> int:
    """The host's shared memory, tmpfs and memfd files included, as /proc/meminfo counts it."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("Shmem:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("/proc/meminfo has no Shmem line")


@asynccontextmanager
async def shmem_watched() -> AsyncIterator[Callable[[], int]]:
    """Sample the host's Shmem every few milliseconds; yields how far it has risen above where
    it was on entry (other work on the host counts too)."""
    baseline = host_shmem_bytes()
    peak = baseline

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, host_shmem_bytes())
            await asyncio.sleep(0.002)

    sampler = asyncio.create_task(sample())
    try:
        yield lambda: peak - baseline
    finally:
        sampler.cancel()


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll until `condition` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never held"
        await asyncio.sleep(0.02)


@dataclass(frozen=True)
class Confined:
    """One isolation on this host, run directly, checking that no process outlives a run."""

    probe: Probe
    uid: int

    @property
    def isolation(self) -> str:
        assert self.probe.sandbox is not None
        return self.probe.sandbox.isolation.name

    async def run(self, code: str, language: str = "python", stdin: str = "") -> RunResult:
        assert self.probe.sandbox is not None
        runtime = self.probe.runtimes.get(language)
        assert runtime is not None, f"{language} does not run here: {self.probe.notes}"
        result = await self.probe.sandbox.run(runtime, code, stdin, self.uid)
        assert processes_of(self.uid) == set(), "a process of the run outlived it"
        assert result.duration_ms < CONTAINED_WITHIN_MS
        return result
