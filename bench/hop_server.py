"""`pairpad serve` with a timestamp at each hop of a keystroke, for `bench/hops.py`.

Wraps a few functions of the running server (nothing in the package changes) and writes
`(hop, perf_counter_ns)` pairs to the file named by `HOPS_OUT` when it stops. The clock is the
machine's monotonic one, the same in every process, so the load generator's send and receive
times line up with these.
"""

import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from pairpad import cli
from pairpad.collab import live_room, room_worker, router, store

marks: list[tuple[str, int]] = []


def timed(owner: Any, name: str, before: str | None, after: str | None) -> None:
    """Record `before` when `owner.name` is called and `after` when it returns."""
    original: Callable[..., Any] = getattr(owner, name)

    if hasattr(original, "__code__") and original.__code__.co_flags & 0x80:  # a coroutine

        @functools.wraps(original)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if before:
                marks.append((before, time.perf_counter_ns()))
            result = await original(*args, **kwargs)
            if after:
                marks.append((after, time.perf_counter_ns()))
            return result

    else:

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
            if before:
                marks.append((before, time.perf_counter_ns()))
            result = original(*args, **kwargs)
            if after:
                marks.append((after, time.perf_counter_ns()))
            return result

    setattr(owner, name, wrapper)


def frame_sent(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    async def send(self: WebSocketsSansIOProtocol, event: Any) -> None:
        await original(self, event)
        if event.get("type") == "websocket.send":
            marks.append(("frame written", time.perf_counter_ns()))

    return send


def written_at_shutdown(original: Callable[..., Any]) -> Callable[..., Any]:
    """The store closes as the server shuts down: the marks are written then (uvicorn ends
    the process by re-raising the signal, so no exit hook would run)."""

    @functools.wraps(original)
    async def close(self: store.RoomStore) -> None:
        await original(self)
        Path(os.environ["HOPS_OUT"]).write_text(json.dumps(marks))  # noqa: ASYNC240

    return close


timed(WebSocketsSansIOProtocol, "data_received", "frame read", None)
timed(router, "parse_client_message", None, "parsed")
timed(room_worker, "sequence", "worker starts batch", "sequenced")
timed(store.RoomStore, "_write_together", "commit starts", "commit ends")
timed(store.RoomStore, "commit", None, "worker resumes")
timed(live_room.LiveRoom, "broadcast", "broadcast", None)
WebSocketsSansIOProtocol.send = frame_sent(WebSocketsSansIOProtocol.send)  # type: ignore[method-assign]
store.RoomStore.close = written_at_shutdown(store.RoomStore.close)  # type: ignore[method-assign]

if __name__ == "__main__":
    cli.main()
