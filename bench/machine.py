"""What the numbers were measured on: they mean little without it."""

import os
import platform
import subprocess
from typing import Any


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    return 0.0


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def source() -> dict[str, str | bool]:
    """The commit measured, and whether the server's code differed from it (uncommitted edits)."""
    changed = _version(["git", "status", "--porcelain", "--", "backend/pairpad"])
    return {"commit": _version(["git", "rev-parse", "--short", "HEAD"]), "edited": bool(changed)}


def describe() -> dict[str, Any]:
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "node": _version(["node", "--version"]),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }
