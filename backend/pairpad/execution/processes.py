"""Finding and killing every process of a run by its uid, which no one else uses."""

import os
import signal
from pathlib import Path

PROC = Path("/proc")


def _uids(pid_dir: Path) -> set[int]:
    """Real, effective, saved and filesystem uid of the process, from its status file."""
    for line in (pid_dir / "status").read_text().splitlines():
        if line.startswith("Uid:"):
            return {int(field) for field in line.split()[1:]}
    return set()


def processes_of(uid: int) -> set[int]:
    """Every process (zombies included) that has `uid` as any of its uids."""
    found = set()
    for pid_dir in PROC.iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            if uid in _uids(pid_dir):
                found.add(int(pid_dir.name))
        except (FileNotFoundError, ProcessLookupError):
            continue  # it exited while we looked
    return found


def kill_processes_of(uid: int, sparing: int | None = None) -> set[int]:
    """SIGKILL every process of `uid` but `sparing`; returns the pids signalled."""
    killed = set()
    for pid in processes_of(uid) - {sparing}:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        killed.add(pid)
    return killed
