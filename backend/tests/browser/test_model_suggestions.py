"""A model's suggestion of several lines, in the browser: ghost text over those lines, Ctrl+→
takes a word of it, Tab the rest. The model is the fill-in-the-middle server of the
autocomplete tests, on a real socket, behind a real `pairpad serve`."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import expect

from tests.autocomplete.model_servers import FillInTheMiddleServer
from tests.browser.conftest import NewPage
from tests.browser.pages import EditorPage, create_room, stored_code
from tests.server import ServerProcess

pytestmark = pytest.mark.browser


@pytest_asyncio.fixture(loop_scope="session")
async def model_server() -> AsyncIterator[FillInTheMiddleServer]:
    server = await FillInTheMiddleServer().start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def server_with_model(
    built_frontend: None, database_url: str, model_server: FillInTheMiddleServer
) -> AsyncIterator[ServerProcess]:
    server = ServerProcess(
        database_url,
        env={
            "AUTOCOMPLETE_AI_URL": model_server.url,
            "AUTOCOMPLETE_AI_MODEL": "tiny-coder:1b",
            "AUTOCOMPLETE_AI_TIMEOUT_MS": "5000",
            "AUTOCOMPLETE_WARM_UP": "false",
        },
    )
    # Started in a thread: this loop serves the model meanwhile.
    await asyncio.to_thread(server.start)
    yield server
    await asyncio.to_thread(server.stop)


async def test_suggestion_of_several_lines_shows_as_ghost_text_taken_by_word_then_all(
    server_with_model: ServerProcess, model_server: FillInTheMiddleServer, new_page: NewPage
) -> None:
    model_server.middle = "otal = a + b\n    return total"
    room_id = create_room(server_with_model.base_url, code="def add(a, b):\n    ")
    editor = await EditorPage(await new_page(), server_with_model.base_url).open(room_id)
    await editor.go_to_line_end(2)
    await editor.type("t")

    ghost = editor.page.locator(".cm-ghost-text")
    await expect(ghost).to_have_attribute("data-text", "otal = a + b\n    return total")
    ghost_box = await ghost.bounding_box()
    line_box = await editor.content.locator(".cm-line").first.bounding_box()
    assert ghost_box is not None and line_box is not None
    assert ghost_box["height"] > 1.5 * line_box["height"], "the second line is not shown"

    await editor.page.keyboard.press("Control+ArrowRight")
    await expect(ghost).to_have_attribute("data-text", " = a + b\n    return total")
    assert await editor.whole_text() == "def add(a, b):\n    total"

    await editor.page.keyboard.press("Tab")
    await expect(ghost).to_have_count(0)
    await editor.expect_all_saved()
    expected = "def add(a, b):\n    total = a + b\n    return total"
    assert await editor.whole_text() == expected
    assert stored_code(server_with_model.base_url, room_id) == expected
    assert model_server.received[0].body["prompt"] == "def add(a, b):\n    t"
