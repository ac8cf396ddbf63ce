"""The start page and the page for a room that does not exist."""

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import ARTIFACTS, EditorPage
from tests.server import ServerProcess

pytestmark = pytest.mark.browser

ROOM_URL = re.compile(r"/room/[0-9a-z-]+$")


async def test_new_room_asks_for_a_name_once_and_a_link_joins_it(
    server: ServerProcess, new_page: NewPage
) -> None:
    page = await new_page(name=None)
    await page.goto(server.base_url)
    await page.get_by_role("button", name="New room").click()
    await expect(page.get_by_text("Enter a name")).to_be_visible()

    await page.get_by_label("Your name").fill("Grace")
    await page.get_by_role("button", name="New room").click()
    await expect(page).to_have_url(ROOM_URL)
    host = EditorPage(page, server.base_url)
    await host.expect_status("connected")
    await expect(host.participants.first).to_contain_text("Grace (you)")
    room_link = page.url

    await page.goto(server.base_url)
    await expect(page.get_by_label("Your name")).to_have_value("Grace")

    guest_page = await new_page(name=None)
    await guest_page.goto(server.base_url)
    await guest_page.get_by_label("Your name").fill("Alan")
    await guest_page.get_by_label("Room link or id").fill(room_link)
    await guest_page.get_by_role("button", name="Join", exact=True).click()
    guest = EditorPage(guest_page, server.base_url)
    await guest.expect_status("connected")
    await expect(guest_page).to_have_url(room_link)
    await expect(guest.participants.nth(0)).to_contain_text("Alan (you)")


async def test_a_room_link_without_a_name_asks_for_one(
    server: ServerProcess, new_page: NewPage
) -> None:
    owner = await new_page("Ada")
    await owner.goto(server.base_url)
    await owner.get_by_role("button", name="New room").click()
    await expect(owner).to_have_url(ROOM_URL)

    page = await new_page(name=None)
    await page.goto(owner.url)
    await page.get_by_label("Your name").fill("Linus")
    await page.get_by_role("button", name="Join room").click()
    editor = EditorPage(page, server.base_url)
    await editor.expect_status("connected")
    await expect(editor.participants).to_have_count(2)


async def test_unknown_room_shows_not_found_with_a_way_to_create_one(
    server: ServerProcess, new_page: NewPage
) -> None:
    page = await new_page()
    await page.goto(f"{server.base_url}/room/no-such-room")
    await expect(page.get_by_role("heading", name="Room not found")).to_be_visible()
    await expect(page.get_by_text("no-such-room")).to_be_visible()
    await page.screenshot(path=ARTIFACTS / "not-found-light-laptop.png")

    await page.get_by_role("button", name="Create a new room").click()
    await expect(page).to_have_url(ROOM_URL)
    await EditorPage(page, server.base_url).expect_status("connected")
