"""Host, editor and viewer in one room, each in a browser of their own (issue 17's browser side)."""

import asyncio
import re
from dataclasses import dataclass, field

import httpx
import pytest
from playwright.async_api import Page, Response, WebSocket, expect

from tests.browser.conftest import NewPage
from tests.browser.pages import (
    ARTIFACTS,
    EditorPage,
    RoomLinks,
    create_room_with_links,
    expect_everyone_has,
    stored_code,
)
from tests.server import ServerProcess

pytestmark = pytest.mark.browser

CODE = "def first():\n    pass\n\n\nprint('ready', 6 * 7)\n"
ROOM_URL = re.compile(r"/room/([0-9a-z-]+)$")


@dataclass
class Room:
    links: RoomLinks
    host: EditorPage
    editor: EditorPage
    viewer: EditorPage


async def open_room(server: ServerProcess, new_page: NewPage) -> Room:
    """A room with some code: Hana opens it through the host link, Bob through the edit link
    and Vera through the view link, each in a browser of their own."""
    links = create_room_with_links(server.base_url, name="Interview", code=CODE)
    host = await EditorPage(await new_page("Hana"), server.base_url).open_as_host(links)
    editor = await EditorPage(await new_page("Bob"), server.base_url).open(links.room_id)
    viewer = await EditorPage(await new_page("Vera"), server.base_url).open(links.view_id)
    await expect(host.participants).to_have_count(3)
    return Room(links, host, editor, viewer)


async def choose_from_host_menu(host: EditorPage, item: str) -> None:
    await host.page.get_by_role("button", name="Host", exact=True).click()
    await host.page.get_by_role("button", name=item, exact=True).click()


async def expect_read_only(editor: EditorPage) -> None:
    await expect(editor.content).to_have_attribute("contenteditable", "false")
    await expect(editor.run_button).to_have_count(0)
    await expect(editor.page.get_by_label("Language")).to_have_count(0)


async def press_keys_in(editor: EditorPage) -> None:
    """Click into the text and type, as someone trying to change it would."""
    await editor.content.locator(".cm-line").first.click()
    await editor.page.keyboard.press("End")
    await editor.type("# typed where it cannot be")
    await editor.page.keyboard.press("Enter")
    await editor.page.keyboard.press("Backspace")


def count_sockets(page: Page) -> list[str]:
    """Every WebSocket the page opens from now on, by address."""
    opened: list[str] = []
    page.on("websocket", lambda socket: opened.append(socket.url))
    return opened


@dataclass
class Traffic:
    """Everything a page received and sent: HTTP bodies and WebSocket messages."""

    texts: list[str] = field(default_factory=list)
    pending: list["asyncio.Future[str]"] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("response", self._response)
        page.on("websocket", self._socket)

    def _response(self, response: Response) -> None:
        if response.request.resource_type in ("document", "fetch", "xhr"):
            self.pending.append(asyncio.ensure_future(response.text()))

    def _socket(self, socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: self.texts.append(str(payload)))
        socket.on("framesent", lambda payload: self.texts.append(str(payload)))

    async def contains(self, secret: str) -> bool:
        bodies = await asyncio.gather(*self.pending, return_exceptions=True)
        return any(secret in text for text in [*self.texts, *map(str, bodies)])


async def test_a_viewer_watches_typing_cursors_and_runs_live_and_cannot_change_anything(
    server: ServerProcess, new_page: NewPage
) -> None:
    room = await open_room(server, new_page)
    viewer, editor = room.viewer, room.editor
    autocomplete_requests: list[str] = []
    viewer.page.on(
        "request",
        lambda request: (
            autocomplete_requests.append(request.url) if "/autocomplete" in request.url else None
        ),
    )

    await expect(viewer.page.get_by_text("View only", exact=True)).to_be_visible()
    await expect_read_only(viewer)
    await expect(viewer.page.get_by_role("heading", name="Interview")).to_be_visible()
    await expect(viewer.page.get_by_label("Room name")).to_have_count(0)
    await expect(room.host.page.locator('.participant[data-role="viewer"]')).to_contain_text("Vera")

    await editor.go_to_line_end(2)
    await editor.type("\nreturn 'typed by Bob'")
    await expect(viewer.content).to_contain_text("return 'typed by Bob'")
    await expect(viewer.page.locator('.cm-remote-cursor[data-name="Bob"]')).to_be_visible()
    text = await expect_everyone_has(server.base_url, room.links.room_id, editor, room.host)

    await press_keys_in(viewer)
    await viewer.page.keyboard.press("Control+Enter")
    await asyncio.sleep(1)
    assert stored_code(server.base_url, room.links.room_id) == text
    assert await editor.text() == text
    assert await viewer.text() == text
    await expect(viewer.page.locator(".cm-ghost-text")).to_have_count(0)
    assert autocomplete_requests == []
    await expect(viewer.run_panel).to_have_count(0)

    await editor.run_button.click()
    await expect(viewer.run_panel.locator(".run-stdout")).to_have_text("ready 42\n")
    await expect(viewer.run_panel).to_contain_text("Bob ran")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await viewer.page.screenshot(path=ARTIFACTS / "viewer-light-laptop.png")

    await viewer.page.get_by_role("button", name="History").click()
    history = viewer.page.get_by_role("region", name="History")
    await expect(history.get_by_role("slider", name="Version")).to_be_visible()
    await history.get_by_role("slider", name="Version").press("Home")
    await expect(history.get_by_role("button", name="Restore this version")).to_have_count(0)


async def test_ending_the_interview_makes_editors_read_only_until_the_host_reopens_it(
    server: ServerProcess, new_page: NewPage
) -> None:
    room = await open_room(server, new_page)
    host, editor = room.host, room.editor

    await choose_from_host_menu(host, "End interview")

    await expect(editor.page.get_by_text("The interview has ended.")).to_be_visible()
    await expect_read_only(editor)
    await expect(host.page.get_by_text("Only you can still edit.")).to_be_visible()
    await expect(host.content).to_have_attribute("contenteditable", "true")
    before = stored_code(server.base_url, room.links.room_id)
    await press_keys_in(editor)
    await host.go_to_line_end(1)
    await host.type("  # the host may still type")
    text = await expect_everyone_has(server.base_url, room.links.room_id, host, editor)
    assert text == before.replace("def first():", "def first():  # the host may still type")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await editor.page.screenshot(path=ARTIFACTS / "editor-ended-light-laptop.png")

    await host.page.get_by_role("button", name="Reopen interview").click()

    await expect(editor.page.get_by_text("The interview has ended.")).to_have_count(0)
    await expect(editor.content).to_have_attribute("contenteditable", "true")
    await expect(editor.run_button).to_be_visible()
    await editor.go_to_line_end(2)
    await editor.type("\nreturn 'after the reopening'")
    text = await expect_everyone_has(server.base_url, room.links.room_id, host, editor)
    assert "return 'after the reopening'" in text


async def test_the_share_dialog_gives_the_three_links_and_the_view_link_is_view_only(
    server: ServerProcess, new_page: NewPage
) -> None:
    page = await new_page("Hana")
    await page.goto(server.base_url)
    await page.get_by_role("button", name="New room").click()
    await expect(page).to_have_url(ROOM_URL)
    await EditorPage(page, server.base_url).expect_status("connected")
    match = ROOM_URL.search(page.url)
    assert match
    room_id = match.group(1)
    host_key = await page.evaluate(f"localStorage.getItem('pairpad.hostKey.{room_id}')")
    assert host_key

    await page.get_by_role("button", name="Share").click()
    dialog = page.get_by_role("dialog", name="Share this room")
    await expect(dialog).to_be_visible()
    await expect(dialog.get_by_role("textbox", name="Edit link")).to_have_value(
        f"{server.base_url}/room/{room_id}"
    )
    view_link = await dialog.get_by_role("textbox", name="View link").input_value()
    view_match = ROOM_URL.search(view_link)
    assert view_link.startswith(f"{server.base_url}/room/") and view_match
    assert view_match.group(1) != room_id
    shown_host_link = await dialog.get_by_role("textbox", name="Host link").input_value()
    assert shown_host_link.startswith(f"{server.base_url}/room/{room_id}#host=")
    assert host_key not in shown_host_link
    await dialog.get_by_role("button", name="Copy the host link").click()
    await expect(dialog.get_by_text("Copied")).to_be_visible()
    copied = await page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server.base_url}/room/{room_id}#host={host_key}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / "host-share-dialog-light-laptop.png")
    await page.keyboard.press("Escape")
    await expect(dialog).to_have_count(0)

    viewer = await EditorPage(await new_page("Vera"), server.base_url).open(view_match.group(1))
    await expect(viewer.page.get_by_text("View only", exact=True)).to_be_visible()
    await expect_read_only(viewer)

    editor = await EditorPage(await new_page("Bob"), server.base_url).open(room_id)
    await expect(editor.page.get_by_text("View only", exact=True)).to_have_count(0)
    await expect(editor.page.get_by_role("button", name="Host", exact=True)).to_have_count(0)
    await expect(editor.page.get_by_role("button", name="Copy link")).to_be_visible()

    elsewhere = await new_page("Hana")
    await elsewhere.goto(copied)
    await EditorPage(elsewhere, server.base_url).expect_status("connected")
    await expect(elsewhere).to_have_url(f"{server.base_url}/room/{room_id}")
    await expect(elsewhere.get_by_role("button", name="Host", exact=True)).to_be_visible()


async def test_notes_survive_a_reload_and_never_reach_the_editor_or_the_viewer(
    server: ServerProcess, new_page: NewPage
) -> None:
    secret = "Candidate struggled with recursion, ask about memoisation"
    links = create_room_with_links(server.base_url, code=CODE)
    traffic = Traffic()
    others: list[EditorPage] = []
    for name, link in (("Bob", links.room_id), ("Vera", links.view_id)):
        page = await new_page(name)
        traffic.watch(page)
        others.append(await EditorPage(page, server.base_url).open(link))
    host = await EditorPage(await new_page("Hana"), server.base_url).open_as_host(links)

    await choose_from_host_menu(host, "Notes")
    notes = host.page.get_by_role("textbox", name="Private notes")
    await notes.fill(secret)
    await host.page.get_by_role("button", name="Save", exact=True).click()
    await expect(host.page.locator(".notes-state")).to_contain_text("Saved")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await host.page.screenshot(path=ARTIFACTS / "host-notes-light-laptop.png")

    await host.page.reload()
    await host.expect_status("connected")
    await choose_from_host_menu(host, "Notes")
    await expect(host.page.get_by_role("textbox", name="Private notes")).to_have_value(secret)

    for other in others:
        await other.page.reload()
        await other.expect_status("connected")
        await other.page.get_by_role("button", name="History").click()
        await expect(other.page.get_by_role("slider", name="Version")).to_be_visible()
        await expect(other.page.get_by_role("button", name="Host", exact=True)).to_have_count(0)
        assert secret not in await other.page.content()
    assert traffic.texts, "the editor's and viewer's traffic was not recorded"
    assert not await traffic.contains(secret)


async def test_deleting_the_room_after_confirming_sends_everyone_to_not_found(
    server: ServerProcess, new_page: NewPage
) -> None:
    room = await open_room(server, new_page)
    host = room.host

    await choose_from_host_menu(host, "Delete room…")
    dialog = host.page.get_by_role("dialog", name="Delete this room?")
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_have_count(0)
    await room.editor.expect_status("connected")

    await choose_from_host_menu(host, "Delete room…")
    await dialog.get_by_role("button", name="Delete room", exact=True).click()

    for person in (host, room.editor, room.viewer):
        await expect(person.page.get_by_role("heading", name="Room not found")).to_be_visible()
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        assert (await client.get(f"/rooms/{room.links.room_id}")).status_code == 404


async def test_rotating_the_edit_link_moves_the_host_and_retires_the_old_link(
    server: ServerProcess, new_page: NewPage
) -> None:
    room = await open_room(server, new_page)
    host, editor, old_id = room.host, room.editor, room.links.room_id
    editor_sockets = count_sockets(editor.page)

    await choose_from_host_menu(host, "Rotate edit link…")
    dialog = host.page.get_by_role("dialog", name="Give the room a new edit link?")
    await dialog.get_by_role("button", name="Rotate edit link", exact=True).click()

    await expect(host.page).not_to_have_url(re.compile(f"/room/{old_id}$"))
    await expect(host.page).to_have_url(ROOM_URL)
    await host.expect_status("connected")
    await expect(host.page.get_by_role("button", name="Host", exact=True)).to_be_visible()
    match = ROOM_URL.search(host.page.url)
    assert match
    new_id = match.group(1)
    stored_key = f"localStorage.getItem('pairpad.hostKey.{new_id}')"
    assert await host.page.evaluate(stored_key) == room.links.host_key

    await expect(
        editor.page.get_by_role("heading", name="This link no longer works")
    ).to_be_visible()
    await expect(editor.page.get_by_text("Ask the host for the new one")).to_be_visible()
    await asyncio.sleep(2)
    assert editor_sockets == [], "the editor's page tried the retired link again"
    await room.viewer.expect_status("connected")

    newcomer = await EditorPage(await new_page("Bob"), server.base_url).open(new_id)
    await expect(newcomer.content).to_have_attribute("contenteditable", "true")


async def test_the_host_removes_a_participant_who_is_told_so_and_stays_out(
    server: ServerProcess, new_page: NewPage
) -> None:
    room = await open_room(server, new_page)
    editor_sockets = count_sockets(room.editor.page)

    await expect(room.editor.page.get_by_role("button", name=re.compile("^Remove"))).to_have_count(
        0
    )
    await room.host.page.get_by_role("button", name="Remove Bob from the room").click()

    await expect(
        room.editor.page.get_by_role("heading", name="The host removed you from this room")
    ).to_be_visible()
    await expect(room.host.participants).to_have_count(2)
    await asyncio.sleep(2)
    assert editor_sockets == [], "the removed page reconnected"
