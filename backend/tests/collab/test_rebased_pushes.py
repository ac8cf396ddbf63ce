"""Pushes that ask to be rebased: a stale one is applied over what was stored since its version."""

import asyncio
import re

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess, create_room_on, get_room_on


async def test_a_stale_push_asking_for_a_rebase_lands_after_what_came_first(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="ab")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.push([1, [0, "A"], 1])
    await ada.expect("updates")
    await linus.push([2, [0, "L"]], version=0, rebase=True)
    await linus.sync_to(2)
    assert linus.seen_updates[-1] == {"clientID": linus.client_id, "changes": [3, [0, "L"]]}
    assert not [m for m in linus.inbox if m["type"] == "rejected"]
    await ada.sync_to(2)
    assert ada.text == linus.text == (await get_room_on(live_server, room_id))["code"] == "aAbL"
    await ada.close()
    await linus.close()


async def test_two_people_deleting_the_same_character_both_see_their_deletion_stored(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="abc")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.push([1, [1], 1], rebase=True)
    await linus.push([1, [1], 1], version=0, rebase=True)
    for editor in (ada, linus):
        await editor.sync_to(2)
        assert not [m for m in editor.inbox if m["type"] in ("error", "rejected")], editor.inbox
    assert linus.client_id in [update["clientID"] for update in linus.seen_updates]
    assert ada.text == linus.text == (await get_room_on(live_server, room_id))["code"] == "ac"
    await ada.close()
    await linus.close()


async def test_rebased_pushes_made_at_one_version_are_all_kept(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="")
    editors = [await RoomClient.join(live_server.ws_url, room_id) for _ in range(5)]
    await asyncio.gather(*(e.push([[0, f"<{i}>"]], rebase=True) for i, e in enumerate(editors)))
    for editor in editors:
        await editor.sync_to(5)
        assert not [m for m in editor.inbox if m["type"] == "rejected"]
    stored = await get_room_on(live_server, room_id)
    assert stored["version"] == 5
    assert sorted(re.findall(r"<\d>", stored["code"])) == [f"<{i}>" for i in range(5)]
    assert {editor.text for editor in editors} == {stored["code"]}
    for editor in editors:
        await editor.close()


async def test_a_push_older_than_the_updates_kept_in_memory_is_still_rejected(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(RECENT_UPDATES_KEPT="2")
    room_id = await create_room_on(server)
    ada = await RoomClient.join(server.ws_url, room_id)
    for changes in ([[0, "x"]], [1, [0, "y"]], [2, [0, "z"]]):
        await ada.push(changes)
        await ada.expect("updates")
    await ada.push([[0, "late"], 3], version=0, rebase=True)
    assert await ada.expect("rejected") == {"type": "rejected", "version": 3}
    assert (await get_room_on(server, room_id))["code"] == "xyz"
    await ada.close()


async def test_a_rebased_push_that_does_not_fit_its_version_changes_nothing(
    live_server: ServerProcess, new_room: RoomFactory
) -> None:
    room_id = await new_room(code="ab")
    ada = await RoomClient.join(live_server.ws_url, room_id)
    linus = await RoomClient.join(live_server.ws_url, room_id)
    await ada.push([[0, "A"], 2])
    await ada.expect("updates")
    await linus.push([5, [0, "x"]], version=0, rebase=True)
    error = await linus.expect("error")
    assert error["code"] == "invalid_change"
    assert (await get_room_on(live_server, room_id))["code"] == "Aab"
    await ada.close()
    await linus.close()
