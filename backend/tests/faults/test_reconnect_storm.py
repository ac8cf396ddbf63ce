"""Fifty editors dropped at once reconnect at once and all catch up to the same text."""

import asyncio

from pairpad.client import RoomClient
from tests.server import ServerProcess, create_room_on, get_room_on

EDITORS = 50


async def test_fifty_editors_reconnecting_at_once_catch_up(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(MAX_PARTICIPANTS=str(EDITORS + 1))
    room_id = await create_room_on(server)
    editors = await asyncio.gather(
        *(RoomClient.join(server.ws_url, room_id) for _ in range(EDITORS))
    )
    versions = {editor.id: editor.version for editor in editors}
    await asyncio.gather(*(editor.socket.close() for editor in editors))

    writer = await RoomClient.join(server.ws_url, room_id)
    for index in range(20):
        await writer.push([writer.doc.length, [0, f"{index} "]])
        await writer.sync_to(writer.version + 1)

    old = {editor.id: editor for editor in editors}
    back = await asyncio.gather(
        *(RoomClient.join(server.ws_url, room_id, since=versions[editor_id]) for editor_id in old)
    )
    stored = await get_room_on(server, room_id)
    for editor_id, fresh in zip(old, back, strict=True):
        previous = old[editor_id]
        previous.apply({"version": previous.version, "updates": fresh.welcome["updates"]})
        assert previous.text == fresh.text == stored["code"]
    await writer.push([writer.doc.length, [0, "done"]])
    await asyncio.gather(*(editor.sync_to(21) for editor in back))
    assert {editor.text for editor in back} == {stored["code"] + "done"}
    await asyncio.gather(*(editor.close() for editor in [*back, writer]))
