"""Keystroke → seen by another person, tracked by clientID and sequence number.

Every keystroke becomes exactly one update, a push is all-or-nothing, and the server keeps each
client's updates in order, so the n-th update from a clientID that a peer receives is that
client's n-th keystroke. Its author notes when it was typed; the peer looks it up on arrival.
"""

import time

from bench.stats import Histogram


class LatencyBook:
    def __init__(self) -> None:
        self.histogram = Histogram()
        self.recording = False
        """Only keystrokes typed while recording are timed: warm-up and drain are left out."""
        self._typed: dict[str, list[float | None]] = {}

    def typed(self, client_id: str, timed: bool) -> None:
        """Note a keystroke; `timed` is False for backspaces, which the Yjs side cannot time."""
        stamp = time.perf_counter() if self.recording and timed else None
        self._typed.setdefault(client_id, []).append(stamp)

    def arrived(self, client_id: str, sequence: int, now: float) -> None:
        stamp = self._typed[client_id][sequence]
        if stamp is not None:
            self.histogram.add((now - stamp) * 1000)

    def timed_keystrokes(self) -> int:
        return sum(stamp is not None for stamps in self._typed.values() for stamp in stamps)
