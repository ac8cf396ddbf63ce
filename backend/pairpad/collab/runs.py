"""Running a room's text for everyone in it: `run` in, `run_started` and `run_result` out; and
the room's input box, `stdin` in and out."""

from collections.abc import Callable

from pairpad.collab.live_room import LiveRoom
from pairpad.collab.presence import Participant
from pairpad.collab.protocol import message
from pairpad.execution.service import CodeExecution

Broadcast = Callable[[str, str], None]


def share_stdin(
    execution: CodeExecution, broadcast: Broadcast, room: LiveRoom, author: Participant, stdin: str
) -> None:
    """Keep what `author` typed as the room's input and show it to everyone.

    Raises StdinTooLarge past the input limit; nothing changes then.
    """
    execution.rooms.set_stdin(room.id, stdin)
    broadcast(room.id, message("stdin", stdin=stdin, userId=author.id))


def stdin_message(execution: CodeExecution, room_id: str) -> str | None:
    """The `stdin` message a newcomer gets after its welcome, or None while the box is empty."""
    stdin = execution.rooms.stdin(room_id)
    return message("stdin", stdin=stdin, userId=None) if stdin else None


async def run_room_code(
    execution: CodeExecution,
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
    if stdin is not None and stdin != execution.rooms.stdin(room.id):
        share_stdin(execution, broadcast, room, author, stdin)
    stdin = execution.rooms.stdin(room.id)
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

    result = await execution.rooms.run(
        room.id, language, code, on_start=started, address=address, stdin=stdin
    )
    broadcast(room.id, message("run_result", **by, **result.model_dump(by_alias=True)))
