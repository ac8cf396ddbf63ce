"""Two people in one room, each in a browser of their own, against the real server and database."""

import asyncio

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import (
    EditorPage,
    create_room,
    eventually,
    expect_everyone_has,
    open_pair,
    stored_code,
    type_in_both_functions,
)
from tests.server import ServerProcess

pytestmark = pytest.mark.browser


async def test_two_people_typing_at_once_end_with_the_stored_text(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    await type_in_both_functions(server.base_url, room_id, ada, bob)


async def test_reload_keeps_the_text(server: ServerProcess, new_page: NewPage) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    await ada.go_to_line_end(1)
    await ada.type("  # kept across reloads")
    text = await expect_everyone_has(server.base_url, room_id, ada, bob)

    await ada.page.reload()
    await ada.expect_status("connected")

    assert await ada.text() == text
    assert "def first():  # kept across reloads" in text


async def test_participants_and_remote_cursors_are_shown(
    server: ServerProcess, new_page: NewPage
) -> None:
    _, ada, bob = await open_pair(server.base_url, new_page)

    await expect(ada.participants).to_have_count(2)
    await expect(ada.participants.nth(0)).to_contain_text("Ada (you)")
    await expect(ada.participants.nth(1)).to_contain_text("Bob")
    await expect(bob.participants.nth(1)).to_contain_text("Ada")

    await bob.go_to_line_end(5)
    bob_cursor = ada.page.locator('.cm-remote-cursor[data-name="Bob"]')
    await expect(bob_cursor).to_be_visible()
    bob_line = ada.page.locator(".cm-content .cm-line").nth(4)
    await expect(bob_line.locator(".cm-remote-cursor")).to_have_count(1)

    await bob.page.close()
    await expect(ada.participants).to_have_count(1)
    await expect(bob_cursor).to_have_count(0)


async def test_typing_while_offline_is_sent_when_back_online(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    await ada.go_to_line_end(6)
    await ada.type("\n# online before, ")

    await ada.page.context.set_offline(True)
    await ada.expect_status("offline")
    await ada.type("offline during, ")
    await expect(ada.status).not_to_have_attribute("data-pending", "0")
    await ada.type("still offline, ")
    assert "offline during" not in await bob.text()

    await ada.page.context.set_offline(False)
    await ada.type("online again.")

    text = await expect_everyone_has(server.base_url, room_id, ada, bob)
    assert "# online before, offline during, still offline, online again." in text


async def test_a_network_that_drops_again_and_again_mid_typing_loses_nothing(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    await ada.go_to_line_end(6)
    sentence = "\n# " + " ".join(f"word{index}" for index in range(40))

    async def flap_network() -> None:
        for _ in range(3):
            await asyncio.sleep(0.3)
            await ada.page.context.set_offline(True)
            await asyncio.sleep(0.3)
            await ada.page.context.set_offline(False)

    await asyncio.gather(ada.type(sentence, delay=25), flap_network())

    text = await expect_everyone_has(server.base_url, room_id, ada, bob)
    assert sentence.strip() in text


async def test_language_and_room_name_changes_reach_everyone(
    server: ServerProcess, new_page: NewPage
) -> None:
    _, ada, bob = await open_pair(server.base_url, new_page)

    await ada.page.get_by_label("Language").select_option("typescript")
    await expect(bob.page.get_by_label("Language")).to_have_value("typescript")

    name_field = ada.page.get_by_label("Room name")
    await name_field.fill("Interview: LRU cache")
    await name_field.press("Enter")
    await expect(bob.page.get_by_label("Room name")).to_have_value("Interview: LRU cache")


async def test_copy_link_puts_the_room_link_on_the_clipboard(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id = create_room(server.base_url)
    editor = await EditorPage(await new_page("Ada"), server.base_url).open(room_id)

    await editor.page.get_by_role("button", name="Copy link").click()

    await expect(editor.page.get_by_text("Link copied")).to_be_attached()
    copied = await editor.page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server.base_url}/room/{room_id}"


async def test_a_pasted_nul_becomes_a_replacement_character_and_typing_goes_on_saving(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    await ada.go_to_line_end(1)
    await ada.page.keyboard.insert_text("  # from a binary file: \u0000\u0000!")
    await ada.type(" and after")
    await ada.expect_all_saved()
    text = await expect_everyone_has(server.base_url, room_id, ada, bob)
    assert "def first():  # from a binary file: \ufffd\ufffd! and after" in text


async def test_undo_takes_back_only_my_own_edits_and_redo_restores_them(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    await ada.go_to_line_end(1)
    await ada.type("  # ada was here")
    await expect_everyone_has(server.base_url, room_id, ada, bob)
    await bob.go_to_line_end(5)
    await bob.type("  # bob was here")
    await expect_everyone_has(server.base_url, room_id, ada, bob)

    # Ada's typing is one undo step (CodeMirror groups a quick run of keys); a second undo has
    # nothing of hers left to take back and must not touch Bob's text.
    await ada.content.click()
    await ada.page.keyboard.press("Control+z")
    await ada.page.keyboard.press("Control+z")
    text = await expect_everyone_has(server.base_url, room_id, ada, bob)
    assert "# ada was here" not in text
    assert "def second():  # bob was here" in text

    await ada.page.keyboard.press("Control+Shift+z")
    text = await expect_everyone_has(server.base_url, room_id, ada, bob)
    assert "def first():  # ada was here" in text
    assert "def second():  # bob was here" in text


async def has(editor: EditorPage, text: str) -> bool:
    return await editor.whole_text() == text


PASTE = """(text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const init = { clipboardData: data, bubbles: true, cancelable: true };
    const paste = new ClipboardEvent("paste", init);
    document.querySelector(".cm-content").dispatchEvent(paste);
}"""
"""A paste as the browser delivers one from the clipboard."""


async def test_a_500_kb_paste_reaches_the_other_page_and_the_database_in_one_piece(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob = await open_pair(server.base_url, new_page)
    pasted = "".join(
        f"value_{n} = {n} * 2  # a pasted line of ordinary code\n" for n in range(11_000)
    )
    assert len(pasted) > 500_000
    await ada.go_to_line_end(6)
    await ada.page.keyboard.press("Enter")
    await ada.page.evaluate(PASTE, pasted)
    await ada.expect_all_saved()
    stored = stored_code(server.base_url, room_id)
    assert pasted in stored
    await eventually(lambda: has(bob, stored), "Bob's editor holds the pasted text")
    assert await ada.whole_text() == stored
