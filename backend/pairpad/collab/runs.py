"""Running a room's text for everyone in it: `run` in, `run_started`, `run_output` as the
program prints and `run_result` out; `stop` on any instance; and the room's input box, `stdin`
in and out."""

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from pairpad.collab.exceptions import RoomNotFound
from pairpad.collab.fanout import StopRequests
from pairpad.collab.live_room import LiveRoom
from pairpad.collab.presence import Participant
from pairpad.collab.protocol import message
from pairpad.execution.exceptions import NoRunInProgress
from pairpad.execution.service import CodeExecution

Broadcast = Callable[[str, str], None]
OUTPUT_FLUSH_SECONDS = 0.05
"""What a run prints is sent at most this often: a program writing a byte at a time costs the
room twenty messages a second, not one per write."""


class RoomInputs(Protocol):
    """Where each room's input box is kept: the rooms feature, which stands above this package,
    stores it with the room and hands it over at startup (rooms/inputs.py)."""

    async def stdin(self, room_id: str) -> str:
        """What the room's input box holds: empty until someone types there."""

    async def keep(self, room_id: str, stdin: str) -> bool:
        """Store `stdin` as the room's input; False if there is no such room."""


class OutputRelay:
    """Gathers what a run prints, in order, and broadcasts it as `run_output` messages."""

    def __init__(self, send: Callable[[str], None], by: dict[str, Any]) -> None:
        self._send = send
        self._by = by
        self._chunks: list[tuple[str, str]] = []
        self._timer: asyncio.TimerHandle | None = None

    def add(self, stream: str, text: str) -> None:
        """`text` the program wrote to `stream` (stdout or stderr); sent within the interval."""
        if self._chunks and self._chunks[-1][0] == stream:
            self._chunks[-1] = (stream, self._chunks[-1][1] + text)
        else:
            self._chunks.append((stream, text))
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(OUTPUT_FLUSH_SECONDS, self.flush)

    def flush(self) -> None:
        """Send what has gathered now (before the result, so output never follows it)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._chunks:
            chunks = [{"stream": stream, "text": text} for stream, text in self._chunks]
            self._chunks = []
            self._send(message("run_output", **self._by, chunks=chunks))


async def share_stdin(
    execution: CodeExecution,
    inputs: RoomInputs,
    broadcast: Broadcast,
    room: LiveRoom,
    author: Participant,
    stdin: str,
) -> None:
    """Store what `author` typed as the room's input, then show it to everyone: whoever sees it
    can count on a newcomer, a run or a restart finding it.

    Raises StdinTooLarge past the input limit, RoomNotFound if the room is gone; nothing changes
    then.
    """
    if not await inputs.keep(room.id, execution.check_stdin(stdin)):
        raise RoomNotFound(room.id)
    broadcast(room.id, message("stdin", stdin=stdin, userId=author.id))


async def stdin_message(inputs: RoomInputs, room_id: str) -> str | None:
    """The `stdin` message a newcomer gets after its welcome, or None while the box is empty."""
    stdin = await inputs.stdin(room_id)
    return message("stdin", stdin=stdin, userId=None) if stdin else None


async def stop_room_runs(
    execution: CodeExecution, stop_requests: StopRequests, room_id: str
) -> None:
    """Stop the room's runs on this instance and on every other one.

    Raises NoRunInProgress when none was stopped here and no other instance says it stopped one.
    """
    stopped_here = execution.rooms.stop(room_id)
    # Each instance keeps its own count of a room's runs, so another may run one as well.
    stopped_elsewhere = await stop_requests.ask(room_id, wait=not stopped_here)
    if not (stopped_here or stopped_elsewhere):
        raise NoRunInProgress(room_id)


async def run_room_code(
    execution: CodeExecution,
    inputs: RoomInputs,
    broadcast: Broadcast,
    room: LiveRoom,
    author: Participant,
    *,
    address: str,
    stdin: str | None = None,
) -> None:
    """Run the text as it is now, with the room's input (or `stdin`, which becomes the room's),
    and show everyone the same output.

    Raises the execution errors (RunInProgress, LanguageUnavailable, StdinTooLarge, ...) before
    anything runs; the caller tells the author.
    """
    kept = await inputs.stdin(room.id)
    if stdin is not None and stdin != kept:
        await share_stdin(execution, inputs, broadcast, room, author, stdin)
    else:
        stdin = kept
    code, language, version = room.text.document.text, room.language, room.text.version
    by = {
        "userId": author.id,
        "name": author.name,
        "language": language,
        "version": version,
        "stdin": stdin,
    }

    async def started() -> None:
        broadcast(room.id, message("run_started", **by))

    relay = OutputRelay(lambda output: broadcast(room.id, output), {"userId": author.id})
    try:
        result = await execution.rooms.run(
            room.id,
            language,
            code,
            on_start=started,
            address=address,
            stdin=stdin,
            on_output=relay.add,
        )
    finally:
        relay.flush()
    broadcast(room.id, message("run_result", **by, **result.model_dump(by_alias=True)))
