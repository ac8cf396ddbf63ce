"""Screenshots of the start page and a busy room, light and dark, laptop and phone widths.

They are saved under backend/tests/artifacts/ for people to look at; the tests themselves check
that nothing spills sideways and the status bar stays on screen.
"""

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import (
    ARTIFACTS,
    LAPTOP,
    PHONE,
    EditorPage,
    Viewport,
    create_room,
    expect_fits_the_width,
)
from tests.server import ServerProcess

pytestmark = pytest.mark.browser

LRU_CACHE = '''from collections import OrderedDict


class LRUCache:
    """Keeps the most recently used items, up to a capacity."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.items: OrderedDict[str, int] = OrderedDict()

    def get(self, key: str) -> int | None:
        if key not in self.items:
            return None
        self.items.move_to_end(key)
        return self.items[key]

    def put(self, key: str, value: int) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        if len(self.items) > self.capacity:
            self.items.popitem(last=False)
'''


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=lambda viewport: viewport.name)
@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_screenshots_of_home_and_room(
    server: ServerProcess, new_page: NewPage, viewport: Viewport, scheme: str
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    suffix = f"{scheme}-{viewport.name}"
    page = await new_page("Ada Lovelace", viewport=viewport, color_scheme=scheme)

    await page.goto(server.base_url)
    await expect(page.get_by_role("button", name="New room")).to_be_visible()
    await expect_fits_the_width(page)
    await page.screenshot(path=ARTIFACTS / f"home-{suffix}.png")

    room_id = create_room(server.base_url, name="Interview: LRU cache", code=LRU_CACHE)
    ada = await EditorPage(page, server.base_url).open(room_id)
    bob = await EditorPage(await new_page("Bob"), server.base_url).open(room_id)
    await bob.go_to_line_end(11)
    await bob.page.keyboard.press("Shift+Home")
    await expect(page.locator('.cm-remote-cursor[data-name="Bob"]')).to_be_visible()
    await ada.go_to_line_end(22)
    await ada.type("\n\ncache = LRUCache(2)\ncache.pu")
    await expect(page.locator(".cm-ghost-text")).to_be_visible()
    await ada.expect_all_saved()

    await expect_fits_the_width(page)
    status_bar = await page.locator(".status-bar").bounding_box()
    assert status_bar and status_bar["y"] + status_bar["height"] <= viewport.height
    await page.screenshot(path=ARTIFACTS / f"room-{suffix}.png")
