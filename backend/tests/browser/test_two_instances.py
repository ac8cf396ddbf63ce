"""Two people in one room in the web editor, each served by a different instance."""

import asyncio

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import (
    ARTIFACTS,
    STARTING_CODE,
    EditorPage,
    create_room,
    expect_everyone_has,
)

pytestmark = pytest.mark.browser


async def test_people_on_two_instances_typing_at_once_end_with_the_stored_text(
    built_frontend: None, instances, new_page: NewPage
) -> None:
    first, second = await asyncio.gather(instances(), instances())
    room_id = create_room(first.base_url, code=STARTING_CODE)
    ada = await EditorPage(await new_page("Ada"), first.base_url).open(room_id)
    bob = await EditorPage(await new_page("Bob"), second.base_url).open(room_id)
    await ada.go_to_line_end(2)
    await bob.go_to_line_end(6)

    await asyncio.gather(
        ada.type("\nreturn 'Ada, on one instance'"),
        bob.type("\nreturn 'Bob, on the other'"),
    )

    text = await expect_everyone_has(second.base_url, room_id, ada, bob)
    assert "return 'Ada, on one instance'" in text and "return 'Bob, on the other'" in text
    assert text.index("Ada, on one") < text.index("def second") < text.index("Bob, on the")
    await expect(ada.participants).to_contain_text(["Ada (you)", "Bob"])
    await expect(bob.participants).to_contain_text(["Bob (you)", "Ada"])
    await ada.page.screenshot(path=ARTIFACTS / "two-instances.png")
