"""What one load run produced, whichever server it ran against, and whether it can be trusted."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.stats import Histogram

OK = "ok"
UNCONFIRMED = "unconfirmed"
"""Keystrokes were still unconfirmed when the drain deadline passed: overloaded, not wrong."""
DIVERGED = "diverged"
"""Clients of a room, or a client and the server's stored copy, ended with different text."""
ERRORS = "errors"
"""Connections were dropped or the server refused messages."""

DIFFERS_FROM_SERVER = "room differs from server"
DIFFERS_FROM_STORED = "stored copy differs"
STORED_COUNT_DIFFERS = "stored updates differ from versions"
DIVERGENCE = {DIFFERS_FROM_SERVER, DIFFERS_FROM_STORED, STORED_COUNT_DIFFERS}


def judge(settled: bool, problems: Counter[str]) -> str:
    """A run that did not converge is a failure whatever its latency."""
    if not settled:
        return UNCONFIRMED
    if problems.keys() & DIVERGENCE:
        return DIVERGED
    return ERRORS if problems else OK


@dataclass
class RunResult:
    latency: Histogram
    timed_keystrokes: int
    edits_in_window: int
    window_seconds: float
    usage: dict[str, float]
    loop_lag_p99_ms: float
    status: str
    problems: Counter[str] = field(default_factory=Counter)
    server_log_warnings: int | None = None

    def row(self) -> dict[str, Any]:
        """The JSON a results file and the Markdown table are made from."""
        return {
            "status": self.status,
            "problems": dict(self.problems.most_common(5)),
            "latency_ms": self.latency.summary(),
            "timed_keystrokes": self.timed_keystrokes,
            "edits_per_second": round(self.edits_in_window / self.window_seconds),
            **self.usage,
            "load_generator_loop_lag_p99_ms": round(self.loop_lag_p99_ms, 1),
            "server_log_warnings": self.server_log_warnings,
        }
