"""Ghost-text completion from `POST /autocomplete`, in the browser.

The name being completed is mostly one of the document's own, which every provider knows, so
the answer does not depend on how warm the server's Python completion is; the module attribute
test waits until `/ready` says autocomplete is warm.
"""

import asyncio

import pytest
from playwright.async_api import Route, expect

from tests.browser.conftest import NewPage
from tests.browser.pages import EditorPage, create_room, eventually, stored_code
from tests.server import ServerProcess

pytestmark = pytest.mark.browser


CODE = "def calculate_total(prices):\n    return sum(prices)\n\n\n"


async def open_editor(server: ServerProcess, new_page: NewPage) -> EditorPage:
    """An editor on a new room holding CODE, with the cursor at its end."""
    room_id = create_room(server.base_url, code=CODE)
    editor = await EditorPage(await new_page(), server.base_url).open(room_id)
    await editor.go_to_line_end(CODE.count("\n") + 1)
    return editor


async def test_ghost_text_appears_after_a_pause_and_tab_inserts_it(
    server: ServerProcess, new_page: NewPage
) -> None:
    editor = await open_editor(server, new_page)
    await editor.type("total = calc")

    ghost = editor.page.locator(".cm-ghost-text")
    await expect(ghost).to_have_attribute("data-text", "ulate_total")
    await expect(editor.page.locator(".suggestion-hint")).to_contain_text("accept")

    await editor.page.keyboard.press("Tab")
    await expect(ghost).to_have_count(0)
    await editor.expect_all_saved()
    assert await editor.text() == CODE + "total = calculate_total"
    assert stored_code(server.base_url, editor.page.url.rsplit("/", 1)[1]) == await editor.text()


async def test_a_module_attribute_completes_below_other_lines_and_tab_inserts_it(
    start_server: type[ServerProcess], new_page: NewPage
) -> None:
    """`os.pa` under a first line that is not the import: jedi must know `os` in a text it has
    never seen, which is what warm-up and the module cache are for."""
    server = start_server(AUTOCOMPLETE_BUDGET_MS="10000")
    server.autocomplete_warmth_until_ready()
    room_id = create_room(server.base_url, code="# top\nimport os\n")
    editor = await EditorPage(await new_page(), server.base_url).open(room_id)
    await editor.go_to_line_end(3)
    await editor.type("os.pa")
    await expect(editor.page.locator(".cm-ghost-text")).to_have_attribute("data-text", "th")
    await editor.page.keyboard.press("Tab")
    await editor.expect_all_saved()
    assert stored_code(server.base_url, room_id) == "# top\nimport os\nos.path"


async def test_escape_or_typing_dismisses_ghost_text(
    server: ServerProcess, new_page: NewPage
) -> None:
    editor = await open_editor(server, new_page)
    ghost = editor.page.locator(".cm-ghost-text")

    await editor.type("calc")
    await expect(ghost).to_have_count(1)
    await editor.page.keyboard.press("Escape")
    await expect(ghost).to_have_count(0)

    await editor.type("u")
    await expect(ghost).to_have_count(1)
    await editor.type("l")
    await expect(ghost).to_have_count(0)
    assert await editor.text() == CODE + "calcul"


async def test_a_late_answer_is_dropped_and_requests_never_overlap(
    server: ServerProcess, new_page: NewPage
) -> None:
    editor = await open_editor(server, new_page)
    in_flight = 0
    most_in_flight = 0
    answered = 0

    async def answer_slowly(route: Route) -> None:
        """The server's real answer, held back for a second."""
        nonlocal in_flight, most_in_flight, answered
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        response = await route.fetch()
        await asyncio.sleep(1)
        in_flight -= 1
        answered += 1
        await route.fulfill(response=response)

    await editor.page.route("**/autocomplete", answer_slowly)
    async with editor.page.expect_request("**/autocomplete"):
        await editor.type("calc")
    await editor.type("u")

    async def first_answer_arrived() -> bool:
        return answered >= 1

    await eventually(first_answer_arrived, "the first (stale) answer arrived")
    await asyncio.sleep(0.2)
    ghost = editor.page.locator(".cm-ghost-text")
    await expect(ghost).to_have_count(0)

    await expect(ghost).to_have_attribute("data-text", "late_total")
    assert most_in_flight == 1
    await editor.page.keyboard.press("Tab")
    assert await editor.text() == CODE + "calculate_total"


async def test_a_late_answer_is_asked_again_once_and_the_better_one_shown(
    server: ServerProcess, new_page: NewPage
) -> None:
    """The first answer says jedi ran out of time (`late`) with nothing to suggest; without any
    more typing the editor asks once more and shows what the server says then."""
    editor = await open_editor(server, new_page)
    asked = 0

    async def first_one_late(route: Route) -> None:
        nonlocal asked
        asked += 1
        if asked == 1:
            late = {"suggestion": "", "items": [], "provider": "keywords", "late": True}
            await route.fulfill(json=late)
        else:
            await route.continue_()

    await editor.page.route("**/autocomplete", first_one_late)
    await editor.type("total = calc")
    ghost = editor.page.locator(".cm-ghost-text")
    await expect(ghost).to_have_attribute("data-text", "ulate_total")
    await asyncio.sleep(1)
    assert asked == 2
