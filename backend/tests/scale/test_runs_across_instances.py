"""A room's input box and its Stop button work the same whichever instance people reach."""

import asyncio
import time

from pairpad.client import RoomClient
from tests.server import create_room_on

SLEEPER = "import time\nprint('asleep', flush=True)\ntime.sleep(30)\nprint('woke')\n"


async def test_input_typed_on_one_instance_reaches_the_other_and_its_newcomers(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first, code="a, b = map(int, input().split())\nprint(a + b)\n")
    ada = await RoomClient.join(first.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(second.ws_url, room_id, name="Linus")
    await ada.send({"type": "stdin", "stdin": "2 3"})
    # Linus may read the stored box after Ada's keystroke was stored: then the box as stored
    # (no author) comes too, before or after Ada's broadcast.
    shown = await linus.expect("stdin")
    if shown["userId"] is None:
        assert shown["stdin"] == "2 3"
        shown = await linus.expect("stdin")
    assert shown == {"type": "stdin", "stdin": "2 3", "userId": ada.id}
    grace = await RoomClient.join(second.ws_url, room_id, name="Grace")
    assert (await grace.expect("stdin"))["stdin"] == "2 3"
    await grace.send({"type": "run"})
    for editor in (ada, linus, grace):
        result = await editor.expect("run_result", timeout=30)
        assert (result["stdin"], result["stdout"]) == ("2 3", "5\n")
    await asyncio.gather(ada.close(), linus.close(), grace.close())


async def test_stop_on_one_instance_ends_the_run_going_on_at_the_other(instances) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = await create_room_on(first, code=SLEEPER)
    ada = await RoomClient.join(first.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(second.ws_url, room_id, name="Linus")
    await ada.send({"type": "run"})
    assert (await linus.expect("run_output", timeout=30))["chunks"][0]["text"] == "asleep\n"
    stopped_at = time.monotonic()
    await linus.send({"type": "stop"})
    for editor in (ada, linus):
        result = await editor.expect("run_result", timeout=30)
        assert (result["stopped"], result["timedOut"]) == (True, False), result
        assert result["stdout"] == "asleep\n"
    assert time.monotonic() - stopped_at < 5
    assert not [message for message in linus.inbox if message["type"] == "error"]
    await linus.send({"type": "stop"})
    assert (await linus.expect("error", timeout=10))["code"] == "no_run_in_progress"
    await asyncio.gather(ada.close(), linus.close())
