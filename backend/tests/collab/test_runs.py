"""`run` over the WebSocket: the room's text runs once and everyone sees the same output."""

import asyncio
import time
from typing import Any

import httpx

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess, create_room_on


async def create_with_links(server: ServerProcess, **body: Any) -> dict[str, Any]:
    """A new room's body as `POST /rooms` returns it: its edit and view links and host key."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.post("/rooms", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())


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


async def test_input_box_is_shared_kept_for_newcomers_and_fed_to_the_run(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="a, b = map(int, input().split())\nprint(a + b)\n")
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await ada.send({"type": "stdin", "stdin": "2 3"})
    for editor in (ada, linus):
        assert await editor.expect("stdin") == {"type": "stdin", "stdin": "2 3", "userId": ada.id}
    grace = await RoomClient.join(live_server.ws_url, room_id, name="Grace")
    assert (await grace.expect("stdin"))["stdin"] == "2 3"
    await linus.send({"type": "run"})
    for editor in (ada, linus, grace):
        started = await editor.expect("run_started", timeout=30)
        assert (started["userId"], started["stdin"]) == (linus.id, "2 3")
        result = await editor.expect("run_result", timeout=30)
        assert (result["stdout"], result["stdin"], result["exitCode"]) == ("5\n", "2 3", 0)
    await asyncio.gather(ada.close(), linus.close(), grace.close())


async def test_run_with_stdin_uses_it_and_makes_it_the_rooms_input(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="print(input().upper())\n")
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await ada.send({"type": "run", "stdin": "shout"})
    assert (await linus.expect("stdin"))["stdin"] == "shout"
    result = await linus.expect("run_result", timeout=30)
    assert (result["stdout"], result["stdin"]) == ("SHOUT\n", "shout")
    await asyncio.gather(ada.close(), linus.close())


async def test_bad_input_is_refused_and_the_room_keeps_its_own(
    start_server: type[ServerProcess],
) -> None:
    small = start_server(EXECUTION_MAX_STDIN_BYTES="4")
    room_id = await create_room_on(small, code="print(input())\n")
    ada = await RoomClient.join(small.ws_url, room_id, name="Ada")
    await ada.send({"type": "stdin", "stdin": "ok"})
    await ada.expect("stdin")
    await ada.send({"type": "stdin", "stdin": "too long"})
    assert (await ada.expect("error"))["code"] == "stdin_too_large"
    await ada.send({"type": "stdin", "stdin": "a\u0000"})
    assert (await ada.expect("error"))["code"] == "invalid_message"
    await ada.send({"type": "run", "stdin": "12345"})
    assert (await ada.expect("error"))["code"] == "stdin_too_large"
    await ada.send({"type": "run"})
    assert (await ada.expect("run_result", timeout=30))["stdout"] == "ok\n"
    await ada.close()


async def test_a_viewer_may_not_type_in_the_input_box(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room = await create_with_links(live_server, code="print(1)\n")
    viewer = await RoomClient.join(live_server.ws_url, room["viewId"], name="Observer")
    await viewer.send({"type": "stdin", "stdin": "mine"})
    assert (await viewer.expect("error"))["code"] == "read_only"
    await viewer.close()


async def test_a_cpp_room_compiles_runs_with_its_input_and_reports_both_times(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    code = "#include <iostream>\nint main() { int a, b; std::cin >> a >> b; std::cout << a + b; }\n"
    room_id = await new_room(language="cpp", code=code)
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    await ada.send({"type": "run", "stdin": "2 3"})
    result = await ada.expect("run_result", timeout=60)
    assert (result["language"], result["stdin"], result["stdout"]) == ("cpp", "2 3", "5")
    assert result["compileMs"] > 0 and result["runMs"] >= 0 and not result["compileError"]
    await ada.close()


async def messages_until_result(client: RoomClient) -> list[tuple[float, dict[str, Any]]]:
    """Every message of the run from `run_started` to `run_result`, with when it came."""
    seen: list[tuple[float, dict[str, Any]]] = []
    async with asyncio.timeout(60):
        while not seen or seen[-1][1]["type"] != "run_result":
            message = await client.receive()
            if message["type"].startswith("run_"):
                seen.append((time.monotonic(), message))
    return seen


async def test_output_reaches_everyone_as_it_comes_in_order_before_the_result(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    code = (
        "import sys, time\nfor n in range(3):\n    print('line', n)\n"
        "    print('note', n, file=sys.stderr)\n    time.sleep(0.6)\n"
    )
    room_id = await new_room(code=code)
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await ada.send({"type": "run"})
    # Both read at once: each message's arrival time is its own.
    for seen in await asyncio.gather(messages_until_result(ada), messages_until_result(linus)):
        kinds = [message["type"] for _, message in seen]
        assert kinds[0] == "run_started" and kinds[-1] == "run_result"
        outputs = [(at, message) for at, message in seen if message["type"] == "run_output"]
        assert len(outputs) >= 3, kinds
        assert all(message["userId"] == ada.id for _, message in outputs)
        chunks = [chunk for _, message in outputs for chunk in message["chunks"]]
        streamed = {
            stream: "".join(chunk["text"] for chunk in chunks if chunk["stream"] == stream)
            for stream in ("stdout", "stderr")
        }
        result = seen[-1][1]
        assert streamed == {"stdout": result["stdout"], "stderr": result["stderr"]}
        assert result["stdout"] == "line 0\nline 1\nline 2\n"
        # The first line came while the program still had more than a second to go.
        assert seen[-1][0] - outputs[0][0] > 1.0
    await asyncio.gather(ada.close(), linus.close())


async def test_anyone_who_may_edit_stops_the_run_and_everyone_sees_it_stopped(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(
        code="import time\nwhile True:\n    print('tick')\n    time.sleep(0.1)\n"
    )
    ada = await RoomClient.join(live_server.ws_url, room_id, name="Ada")
    linus = await RoomClient.join(live_server.ws_url, room_id, name="Linus")
    await ada.send({"type": "run"})
    await linus.expect("run_output", timeout=30)
    stopped_at = time.monotonic()
    await linus.send({"type": "stop"})
    for editor in (ada, linus):
        result = await editor.expect("run_result", timeout=30)
        assert (result["stopped"], result["timedOut"]) == (True, False), result
        assert result["stdout"].startswith("tick\n")
    assert time.monotonic() - stopped_at < 3
    await linus.send({"type": "stop"})
    assert (await linus.expect("error"))["code"] == "no_run_in_progress"
    await asyncio.gather(ada.close(), linus.close())


async def test_a_viewer_may_not_stop_a_run(live_server: ServerProcess) -> None:
    room = await create_with_links(live_server, code="import time\ntime.sleep(2)\n")
    ada = await RoomClient.join(live_server.ws_url, room["roomId"], name="Ada")
    viewer = await RoomClient.join(live_server.ws_url, room["viewId"], name="Observer")
    await ada.send({"type": "run"})
    await viewer.expect("run_started", timeout=30)
    await viewer.send({"type": "stop"})
    assert (await viewer.expect("error"))["code"] == "read_only"
    assert (await viewer.expect("run_result", timeout=30))["stopped"] is False
    await asyncio.gather(ada.close(), viewer.close())


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
    room_id = await new_room(language="plaintext", code="let x: number = 1\n")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    await ada.send({"type": "run"})
    assert (await ada.expect("error"))["code"] == "language_unavailable"
    await ada.close()
