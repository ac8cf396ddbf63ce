"""Where the server spends its CPU under load: py-spy samples, reduced to the top frames.

py-spy attaches to the running server without stopping it (--nonblocking) and writes collapsed
stacks, one line per distinct stack: `outer (file:line);...;inner (file:line) count`.
"""

import asyncio
import shutil
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

RATE = 200
TOP = 15
HOT_PATH = ("pairpad/collab/", "pairpad/rooms/")
"""Inclusive time is listed for these: the path a keystroke takes from socket to database."""


def py_spy() -> str:
    """The py-spy of this environment (a dev dependency), else one on PATH."""
    beside_python = Path(sys.executable).parent / "py-spy"
    found = str(beside_python) if beside_python.exists() else shutil.which("py-spy")
    if found is None:
        raise RuntimeError("py-spy is missing: uv sync installs it with the dev dependencies")
    return found


def recorder(pid: int, output: Path) -> Callable[[float], Awaitable[None]]:
    """Something to run alongside a measured window: samples `pid` for that long."""

    async def record(seconds: float) -> None:
        await run_py_spy(pid, seconds, output)

    return record


async def run_py_spy(pid: int, seconds: float, output: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        py_spy(),
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(max(1, int(seconds))),
        "--rate",
        str(RATE),
        "--nonblocking",
        "--gil",
        "--format",
        "raw",
        "--output",
        str(output),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await process.wait()


def package_of(frame: str) -> str:
    """`append_updates (pairpad/rooms/repository.py:53)` -> `pairpad`."""
    if not frame:
        return "(no Python frame)"
    path = frame.rpartition(" (")[2].rsplit(":", 1)[0]
    return path.split("/", 1)[0] if "/" in path else path


def top_frames(collapsed: Path) -> dict[str, Any]:
    """Self time by frame and by package, and inclusive time of the hot path's frames."""
    own: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")
        total += count
        own[frames[-1]] += count
        packages[package_of(frames[-1])] += count
        for frame in set(frames):
            if any(part in frame for part in HOT_PATH):
                inclusive[frame] += count

    def share(counter: Counter[str]) -> list[dict[str, Any]]:
        return [
            {"frame": frame, "percent": round(100 * count / total, 1)}
            for frame, count in counter.most_common(TOP)
        ]

    return {
        "samples": total,
        "self": share(own),
        "self_by_package": share(packages),
        "inclusive_hot_path": share(inclusive),
    }


def summary(scene: str, collapsed: Path) -> dict[str, Any]:
    return {"during": scene, **top_frames(collapsed)}
