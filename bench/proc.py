"""CPU time and memory of processes, read from /proc as `top` and `ps` do."""

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name may hold spaces; the fields after it are fixed.
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"process {pid} reports no VmRSS")


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return total - idle, total


@dataclass
class CpuWindow:
    """CPU use of some processes and of the machine between `start` and `stop`, in % of one core.

    Each name stands for one or more processes (the instances of a server), added up. The
    machine figure shows how busy both cores were, whoever used them: on a shared machine
    it says how much of the CPU the benchmark actually had.
    """

    pids: dict[str, Sequence[int]]
    _wall: float = 0.0
    _cpu: dict[str, float] | None = None
    _machine: tuple[int, int] = (0, 0)

    def _used(self, name: str) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids[name])

    def start(self) -> None:
        self._wall = time.monotonic()
        self._cpu = {name: self._used(name) for name in self.pids}
        self._machine = machine_ticks()

    def stop(self) -> dict[str, float]:
        assert self._cpu is not None, "start() first"
        wall = time.monotonic() - self._wall
        busy, total = machine_ticks()
        used = {
            f"{name}_cpu_pct": round(100 * (self._used(name) - self._cpu[name]) / wall, 1)
            for name in self.pids
        }
        cores = os.cpu_count() or 1
        share = (busy - self._machine[0]) / max(1, total - self._machine[1])
        return {**used, "machine_cpu_pct": round(100 * cores * share, 1)}
