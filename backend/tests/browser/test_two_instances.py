"""Two people in one room in the web editor, each served by a different instance."""

import asyncio

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import ARTIFACTS, open_pair, type_in_both_functions

pytestmark = pytest.mark.browser


async def test_people_on_two_instances_typing_at_once_end_with_the_stored_text(
    built_frontend: None, instances, new_page: NewPage
) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id, ada, bob = await open_pair(first.base_url, new_page, bob_base_url=second.base_url)
    await type_in_both_functions(second.base_url, room_id, ada, bob)
    await expect(ada.participants).to_contain_text(["Ada (you)", "Bob"])
    await expect(bob.participants).to_contain_text(["Bob (you)", "Ada"])
    await ada.page.screenshot(path=ARTIFACTS / "two-instances.png")
