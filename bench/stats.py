"""Latency histograms: exact enough percentiles for millions of samples in fixed memory.

Buckets grow by 1%, so a percentile is reported within 1% of the true value whatever the count.
The Node load generator fills the same buckets (it is handed `HISTOGRAM_SHAPE`), so PairPad and
Hocuspocus samples are summarized by one piece of code.
"""

import math
from dataclasses import dataclass, field
from typing import Any

MIN_MS = 0.01
GROWTH = 1.01
BUCKETS = math.ceil(math.log(100_000 / MIN_MS) / math.log(GROWTH)) + 1
HISTOGRAM_SHAPE: dict[str, float | int] = {"minMs": MIN_MS, "growth": GROWTH, "buckets": BUCKETS}
_LOG_GROWTH = math.log(GROWTH)


def bucket_of(ms: float) -> int:
    if ms <= MIN_MS:
        return 0
    return min(int(math.log(ms / MIN_MS) / _LOG_GROWTH) + 1, BUCKETS - 1)


@dataclass
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    count: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0

    def add(self, ms: float) -> None:
        self.counts[bucket_of(ms)] += 1
        self.count += 1
        self.total_ms += ms
        self.max_ms = max(self.max_ms, ms)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Histogram":
        """Read what the Node load generator reports: {counts, count, totalMs, maxMs}."""
        return cls(list(data["counts"]), data["count"], data["totalMs"], data["maxMs"])

    def percentile(self, fraction: float) -> float:
        """The upper edge of the bucket holding the sample at `fraction`, capped at the max."""
        rank = max(1, math.ceil(fraction * self.count))
        seen = 0
        for index, value in enumerate(self.counts):
            seen += value
            if seen >= rank:
                return min(MIN_MS * GROWTH**index, self.max_ms)
        return self.max_ms

    def summary(self) -> dict[str, float | int | None]:
        if not self.count:
            return {"samples": 0, "p50": None, "p95": None, "p99": None, "max": None}
        return {
            "samples": self.count,
            "mean": round(self.total_ms / self.count, 2),
            "p50": round(self.percentile(0.50), 2),
            "p95": round(self.percentile(0.95), 2),
            "p99": round(self.percentile(0.99), 2),
            "max": round(self.max_ms, 2),
        }
