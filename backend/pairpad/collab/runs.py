"""Running a room's text for everyone in it: `run` in, `run_started` and `run_result` out."""

from collections.abc import Callable

from pairpad.collab.live_room import LiveRoom
from pairpad.collab.presence import Participant
from pairpad.collab.protocol import message
from pairpad.execution.service import CodeExecution

Broadcast = Callable[[str, str], None]


async def run_room_code(
    execution: CodeExecution,
    broadcast: Broadcast,
    room: LiveRoom,
    author: Participant,
    *,
    address: str,
) -> None:
    """Run the text as it is now and show everyone the same output.

    Raises the execution errors (RunInProgress, LanguageUnavailable, ...) before anything runs;
    the caller tells the author.
    """
    code, language, version = room.text.document.text, room.language, room.text.version
    by = {"userId": author.id, "name": author.name, "language": language, "version": version}

    async def started() -> None:
        broadcast(room.id, message("run_started", **by))

    result = await execution.rooms.run(room.id, language, code, on_start=started, address=address)
    broadcast(room.id, message("run_result", **by, **result.model_dump(by_alias=True)))
