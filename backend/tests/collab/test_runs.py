"""`run` over the WebSocket: the room's text runs once and everyone sees the same output."""

import asyncio

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess


async def test_run_shows_the_same_output_to_everyone(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="import sys\nprint('hello from', sys.version_info[0])\n")
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await ada.send({"type": "run"})
    for editor in (ada, linus):
        started = await editor.expect("run_started", timeout=30)
        assert (started["userId"], started["name"], started["version"]) == (ada.id, "Ada", 0)
        result = await editor.expect("run_result", timeout=30)
        assert result["stdout"] == "hello from 3\n"
        assert (result["exitCode"], result["timedOut"], result["truncated"]) == (0, False, False)
        assert result["userId"] == ada.id
    await ada.close()
    await linus.close()


async def test_second_run_while_one_is_going_is_refused(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="import time\ntime.sleep(1.5)\nprint('done')\n")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.send({"type": "run"})
    await linus.expect("run_started", timeout=30)
    await linus.send({"type": "run"})
    assert (await linus.expect("error"))["code"] == "run_in_progress"
    assert (await ada.expect("run_result", timeout=30))["stdout"] == "done\n"
    await asyncio.gather(ada.close(), linus.close())


async def test_language_that_cannot_run_is_an_error_for_the_runner_only(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(language="typescript", code="let x: number = 1\n")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    await ada.send({"type": "run"})
    assert (await ada.expect("error"))["code"] == "language_unavailable"
    await ada.close()
