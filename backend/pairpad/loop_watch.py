"""How long the event loop is kept from running: every room and socket waits that long.

A timer asks to wake every 10 ms; how late it wakes is the stall, recorded in a histogram at
/metrics (`pairpad_event_loop_stall_seconds`). Tests of hostile inputs read it to show that no
message holds the loop.
"""

import asyncio

from prometheus_client import Histogram

INTERVAL_SECONDS = 0.01

LOOP_STALLS = Histogram(
    "pairpad_event_loop_stall_seconds",
    "How much later than asked the event loop woke a 10 ms timer.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


async def watch_event_loop() -> None:
    """Record the loop's stalls until cancelled."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(INTERVAL_SECONDS)
        LOOP_STALLS.observe(max(0.0, loop.time() - asked - INTERVAL_SECONDS))
