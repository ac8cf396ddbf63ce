"""Helpers for the browser tests: rooms made through the API, and the editor page's parts."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "backend" / "tests" / "artifacts"


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int


LAPTOP = Viewport("laptop", 1366, 800)
PHONE = Viewport("phone", 390, 844)


def create_room(base_url: str, **fields: Any) -> str:
    response = httpx.post(f"{base_url}/rooms", json=fields)
    response.raise_for_status()
    return str(response.json()["roomId"])


@dataclass(frozen=True)
class RoomLinks:
    """A room's three links: the edit link's id, the view link's id and the host key."""

    room_id: str
    view_id: str
    host_key: str


def create_room_with_links(base_url: str, **fields: Any) -> RoomLinks:
    response = httpx.post(f"{base_url}/rooms", json=fields)
    response.raise_for_status()
    room = response.json()
    return RoomLinks(str(room["roomId"]), str(room["viewId"]), str(room["hostKey"]))


def stored_code(base_url: str, room_id: str) -> str:
    response = httpx.get(f"{base_url}/rooms/{room_id}")
    response.raise_for_status()
    return str(response.json()["code"])


async def eventually(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 10) -> None:
    """Wait until `check()` holds, polling; fail with `what` if it never does."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await asyncio.sleep(0.1)


async def expect_fits_the_width(page: Page) -> None:
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


class EditorPage:
    """One person's view of a room."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    async def open(self, room_id: str) -> "EditorPage":
        await self.page.goto(f"{self.base_url}/room/{room_id}")
        await self.expect_status("connected")
        return self

    async def open_as_host(self, links: RoomLinks) -> "EditorPage":
        """Open the room through its host link, as the host would in another browser."""
        await self.page.goto(f"{self.base_url}/room/{links.room_id}#host={links.host_key}")
        await self.expect_status("connected")
        return self

    @property
    def content(self) -> Locator:
        return self.page.locator(".code-editor .cm-content")

    @property
    def status(self) -> Locator:
        return self.page.locator(".connection-status")

    @property
    def participants(self) -> Locator:
        return self.page.locator(".participants .participant")

    async def text(self) -> str:
        """The document as the editor shows it (labels and ghost text are not part of it)."""
        lines = await self.content.locator(".cm-line").all_text_contents()
        return "\n".join(lines)

    async def whole_text(self) -> str:
        """The editor's whole document: CodeMirror draws only the lines in view, so this reads
        its state (as `EditorView.findFromDOM` finds the view) rather than the page."""
        return str(
            await self.content.evaluate(
                "(content) => content.cmTile.root.view.state.doc.toString()"
            )
        )

    @property
    def run_button(self) -> Locator:
        return self.page.get_by_role("button", name="Run", exact=True)

    @property
    def run_panel(self) -> Locator:
        return self.page.get_by_role("region", name="Run output")

    @property
    def stop_button(self) -> Locator:
        return self.page.get_by_role("button", name="Stop", exact=True)

    @property
    def stdin_box(self) -> Locator:
        """The room's input box, which runs read as stdin."""
        return self.page.get_by_label("Input (stdin)")

    async def expect_status(self, status: str) -> None:
        await expect(self.status).to_have_attribute("data-status", status)

    async def expect_all_saved(self) -> None:
        await expect(self.status).to_have_attribute("data-status", "connected")
        await expect(self.status).to_have_attribute("data-pending", "0")

    async def go_to_line_end(self, line: int) -> None:
        """Put the cursor at the end of a line (1-based), as a person would with the keyboard."""
        await self.content.locator(".cm-line").nth(line - 1).click()
        await self.page.keyboard.press("End")

    async def type(self, text: str, delay: float = 20) -> None:
        await self.page.keyboard.type(text, delay=delay)


STARTING_CODE = "def first():\n    pass\n\n\ndef second():\n    pass\n"


async def open_pair(
    base_url: str, new_page: Callable[[str], Awaitable[Page]], bob_base_url: str | None = None
) -> tuple[str, EditorPage, EditorPage]:
    """A room with some code, open in the browsers of Ada and of Bob (served from
    `bob_base_url` if given: another instance)."""
    room_id = create_room(base_url, code=STARTING_CODE)
    ada = await EditorPage(await new_page("Ada"), base_url).open(room_id)
    bob = await EditorPage(await new_page("Bob"), bob_base_url or base_url).open(room_id)
    return room_id, ada, bob


async def expect_everyone_has(base_url: str, room_id: str, *editors: EditorPage) -> str:
    """Wait until every editor and the database hold one same text; return it."""

    async def agreed() -> bool:
        texts = {await editor.text() for editor in editors}
        return len(texts) == 1 and texts == {stored_code(base_url, room_id)}

    await eventually(agreed, "the editors and the database hold the same text")
    for editor in editors:
        await editor.expect_all_saved()
    return await editors[0].text()


async def type_in_both_functions(
    base_url: str, room_id: str, ada: EditorPage, bob: EditorPage
) -> str:
    """Ada types into the first function and Bob into the second, at the same time; both end
    with the stored text, each line where its author typed it. Returns the text."""
    await ada.go_to_line_end(2)
    await bob.go_to_line_end(6)
    await asyncio.gather(
        ada.type("\nreturn 'written by Ada while Bob typed'"),
        bob.type("\nreturn 'written by Bob while Ada typed'"),
    )
    text = await expect_everyone_has(base_url, room_id, ada, bob)
    assert "return 'written by Ada while Bob typed'" in text
    assert "return 'written by Bob while Ada typed'" in text
    assert text.index("written by Ada") < text.index("def second") < text.index("written by Bob")
    return text
