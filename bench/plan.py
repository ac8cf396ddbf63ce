"""How big and how long each scenario is: the full run, and a quick one for trying changes."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plan:
    window: float
    """Seconds measured in each load run (after a warm-up that is not timed)."""
    latency_rooms: tuple[int, ...]
    crowd_people: tuple[int, ...]
    throughput_rooms: tuple[int, ...]
    memory_rooms: int
    history_updates: int
    cold_opens: int
    same_spot_trials: int
    """Trials of two people typing at one spot, per ordering, speed and delay."""


FULL = Plan(
    window=8.0,
    latency_rooms=(1, 100, 500),
    crowd_people=(10, 50, 100, 200),
    throughput_rooms=(10, 40),
    memory_rooms=500,
    history_updates=20_000,
    cold_opens=5,
    same_spot_trials=2,
)
QUICK = Plan(
    window=4.0,
    latency_rooms=(1, 100),
    crowd_people=(10, 30),
    throughput_rooms=(5,),
    memory_rooms=50,
    history_updates=2_000,
    cold_opens=3,
    same_spot_trials=1,
)
