"""The room's input box is stored with the room: a restart of the server keeps it."""

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess, create_room_on


async def test_input_box_survives_a_restart_and_refused_input_changes_nothing(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(EXECUTION_MAX_STDIN_BYTES="8")
    room_id = await create_room_on(server, code="print(input()[::-1])\n")
    ada = await RoomClient.join(server.ws_url, room_id, name="Ada")
    await ada.send({"type": "stdin", "stdin": "kept"})
    await ada.expect("stdin")
    await ada.send({"type": "stdin", "stdin": "far too long"})
    assert (await ada.expect("error"))["code"] == "stdin_too_large"
    await ada.close()

    server.stop()
    server.start()
    linus = await RoomClient.join(server.ws_url, room_id, name="Linus")
    assert await linus.expect("stdin") == {"type": "stdin", "stdin": "kept", "userId": None}
    await linus.send({"type": "run"})
    result = await linus.expect("run_result", timeout=30)
    assert (result["stdin"], result["stdout"]) == ("kept", "tpek\n")
    await linus.close()


async def test_an_emptied_input_box_sends_nothing_after_the_welcome(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="print(1)\n")
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    await ada.send({"type": "stdin", "stdin": "x"})
    await ada.expect("stdin")
    await ada.send({"type": "stdin", "stdin": ""})
    assert (await ada.expect("stdin"))["stdin"] == ""
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await linus.send({"type": "ping"})
    assert (await linus.receive())["type"] == "pong"
    await ada.close()
    await linus.close()
