"""Killing and restarting the server for real: nothing confirmed is lost."""

import signal

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from tests.server import ServerProcess, create_room_on, get_room_on


async def type_lines(editor: RoomClient, count: int, prefix: str) -> None:
    """Append lines one at a time, each confirmed (broadcast back) before the next."""
    for index in range(count):
        await editor.push([editor.doc.length, [0, f"{prefix}{index}", ""]])
        await editor.sync_to(editor.version + 1)


async def test_every_confirmed_edit_survives_sigkill(start_server: type[ServerProcess]) -> None:
    server = start_server(SNAPSHOT_INTERVAL="7")
    room_id = await create_room_on(server)
    editor = await RoomClient.join(server.ws_url, room_id)
    await type_lines(editor, 25, "line ")
    confirmed_text, confirmed_version = editor.text, editor.version
    server.kill()
    server.start()
    stored = await get_room_on(server, room_id)
    assert (stored["code"], stored["version"]) == (confirmed_text, confirmed_version)


async def test_sigterm_closes_sockets_with_1012_and_editors_continue_after_restart(
    start_server: type[ServerProcess],
) -> None:
    server = start_server()
    room_id = await create_room_on(server)
    editor = await RoomClient.join(server.ws_url, room_id)
    await type_lines(editor, 3, "before ")
    assert server.process is not None
    server.process.send_signal(signal.SIGTERM)
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await editor.receive()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012
    # uvicorn re-raises the signal once its graceful shutdown is complete.
    assert server.wait_exit() in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in server.log()
    server.start()
    back = await RoomClient.join(server.ws_url, room_id, since=editor.version)
    assert back.welcome["updates"] == []
    await type_lines(back, 2, "after ")
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        code = (await http.get(f"/rooms/{room_id}")).json()["code"]
    assert code == "before 0\nbefore 1\nbefore 2\nafter 0\nafter 1\n"
    await back.close()
