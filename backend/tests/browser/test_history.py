"""The History panel: every version of a room, replayed and restored from the room page."""

import httpx
import pytest
from playwright.async_api import Locator, expect

from tests.browser.conftest import NewPage
from tests.browser.pages import (
    ARTIFACTS,
    LAPTOP,
    PHONE,
    EditorPage,
    Viewport,
    create_room,
    eventually,
    expect_fits_the_width,
    stored_code,
)
from tests.server import ServerProcess

pytestmark = pytest.mark.browser


def stored_version(base_url: str, room_id: str) -> int:
    response = httpx.get(f"{base_url}/rooms/{room_id}")
    response.raise_for_status()
    return int(response.json()["version"])


class HistoryPanel:
    """The panel as one person sees it, opened from the room header."""

    def __init__(self, editor: EditorPage) -> None:
        self.page = editor.page
        self.region = editor.page.get_by_role("region", name="History")

    @classmethod
    async def open(cls, editor: EditorPage) -> "HistoryPanel":
        await editor.page.get_by_role("button", name="History").click()
        panel = cls(editor)
        await expect(panel.slider).to_be_visible()
        return panel

    @property
    def slider(self) -> Locator:
        return self.region.get_by_role("slider", name="Version")

    @property
    def lines(self) -> Locator:
        return self.region.locator(".history-viewer .cm-line")

    async def text(self) -> str:
        return "\n".join(await self.lines.all_text_contents())

    async def go_to_version(self, version: int) -> None:
        """Move the slider with the keyboard, as a person can: to the start, then step by step."""
        await self.slider.press("Home")
        for _ in range(version):
            await self.slider.press("ArrowRight")
        await expect(self.slider).to_have_value(str(version))


async def type_two_lines(
    server: ServerProcess, new_page: NewPage
) -> tuple[str, EditorPage, EditorPage, int]:
    """Ada types a line, then Bob another; returns the room, both editors and Ada's version."""
    room_id = create_room(server.base_url)
    ada = await EditorPage(await new_page("Ada"), server.base_url).open(room_id)
    bob = await EditorPage(await new_page("Bob"), server.base_url).open(room_id)
    await ada.go_to_line_end(1)
    await ada.type("first = 1")
    await ada.expect_all_saved()
    ada_version = stored_version(server.base_url, room_id)
    await expect(bob.content).to_have_text("first = 1")
    await bob.go_to_line_end(1)
    await bob.type("\nsecond = 2")
    await bob.expect_all_saved()
    return room_id, ada, bob, ada_version


async def test_restoring_an_old_version_reaches_everyone_and_the_database(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob, ada_version = await type_two_lines(server, new_page)
    latest = stored_version(server.base_url, room_id)

    history = await HistoryPanel.open(ada)
    await expect(history.slider).to_have_value(str(latest))
    assert await history.text() == "first = 1\nsecond = 2"
    await expect(history.region.get_by_role("list", name="Authors")).to_have_text("AdaBob")
    await expect(history.region.locator('.cm-authored[title="Bob"]')).to_have_text("second = 2")

    await history.go_to_version(ada_version)
    await expect(history.lines).to_have_text(["first = 1"])
    await expect(history.region).to_contain_text(f"Version {ada_version} of {latest} · Ada")

    await history.region.get_by_role("button", name="Restore this version").click()
    confirm = history.region.get_by_role("group", name="Confirm restore")
    await confirm.get_by_role("button", name=f"Restore version {ada_version}").click()

    await expect(history.region).to_have_count(0)
    for editor in (ada, bob):
        await expect(editor.content).to_have_text("first = 1")
        await editor.expect_all_saved()

    async def stored_is_restored() -> bool:
        return stored_code(server.base_url, room_id) == "first = 1"

    await eventually(stored_is_restored, "the database holds the restored text")
    assert stored_version(server.base_url, room_id) == latest + 1


async def test_cancelling_a_restore_changes_nothing(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob, _ = await type_two_lines(server, new_page)

    history = await HistoryPanel.open(ada)
    await history.go_to_version(0)
    await expect(history.region).to_contain_text("Version 0 · the original text")
    await history.region.get_by_role("button", name="Restore this version").click()
    await history.region.get_by_role("button", name="Cancel").click()
    await history.region.get_by_role("button", name="Back to live editing").click()

    assert stored_code(server.base_url, room_id) == "first = 1\nsecond = 2"
    assert await bob.text() == "first = 1\nsecond = 2"


async def test_replay_plays_to_the_newest_version_then_live_editing_resumes(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id, ada, bob, _ = await type_two_lines(server, new_page)
    latest = stored_version(server.base_url, room_id)

    history = await HistoryPanel.open(ada)
    await history.go_to_version(0)
    await history.region.get_by_label("Replay speed").select_option("16")
    await history.region.get_by_role("button", name="Play").click()
    await expect(history.region.get_by_role("button", name="Pause")).to_be_visible()

    await expect(history.slider).to_have_value(str(latest))
    await expect(history.region.get_by_role("button", name="Play")).to_be_visible()
    assert await history.text() == "first = 1\nsecond = 2"

    await history.region.get_by_role("button", name="Back to live editing").click()
    await ada.go_to_line_end(2)
    await ada.type("\nthird = 3")
    await expect(bob.content).to_contain_text("third = 3")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=lambda viewport: viewport.name)
@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_screenshots_of_the_history_panel(
    server: ServerProcess, new_page: NewPage, viewport: Viewport, scheme: str
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    room_id = create_room(
        server.base_url, name="Interview: history", code="def add(a, b):\n\n\nprint(add(2, 3))\n"
    )
    ada = await EditorPage(
        await new_page("Ada Lovelace", viewport=viewport, color_scheme=scheme), server.base_url
    ).open(room_id)
    bob = await EditorPage(await new_page("Bob"), server.base_url).open(room_id)
    await ada.go_to_line_end(1)
    await ada.type("\nreturn a + b")
    await ada.expect_all_saved()
    await expect(bob.content).to_contain_text("return a + b")
    await bob.go_to_line_end(5)
    await bob.type("  # 5")
    await bob.expect_all_saved()

    history = await HistoryPanel.open(ada)
    await expect(history.region.locator('.cm-authored[title="Bob"]')).to_have_count(1)
    await expect_fits_the_width(ada.page)
    await ada.page.screenshot(path=ARTIFACTS / f"history-{scheme}-{viewport.name}.png")
