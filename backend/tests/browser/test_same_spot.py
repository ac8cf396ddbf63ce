"""Two people typing at one spot at the same time, in two Chromium pages: each line must stay
whole (docs/protocol.md, "Same-spot insertions"), fast or at human speed, on loopback or with
100 ms between each page and the server (every byte through a delay proxy, the page itself too).
"""

import asyncio

import pytest

from tests.browser.conftest import NewPage
from tests.browser.pages import EditorPage, create_room, eventually, expect_everyone_has
from tests.server import ServerProcess
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.browser

ONE = "alpha = 1  # from one"
TWO = "beta = 2  # from two"


@pytest.mark.parametrize("delay_seconds", [0, 0.1], ids=["loopback", "100ms"])
@pytest.mark.parametrize("keys_per_second", [60, 8])
async def test_two_people_typing_at_one_spot_keep_their_lines_whole(
    server: ServerProcess, new_page: NewPage, delay_seconds: float, keys_per_second: int
) -> None:
    proxy = await TcpProxy("127.0.0.1", server.port, delay_seconds).start()
    base_url = f"http://127.0.0.1:{proxy.port}"
    try:
        room_id = create_room(server.base_url, code='print("ready")')
        one = await EditorPage(await new_page("One"), base_url).open(room_id)
        two = await EditorPage(await new_page("Two"), base_url).open(room_id)
        # One goes to the end by typing a newline there, the other with Ctrl+End.
        await one.content.click()
        await one.page.keyboard.press("Control+End")
        await one.page.keyboard.press("Enter")
        await eventually(lambda: has_lines(two, 2), "the new line reaches the other page")
        await two.content.click()
        await two.page.keyboard.press("Control+End")

        delay_ms = 1000 / keys_per_second
        await asyncio.gather(one.type(ONE, delay=delay_ms), two.type(TWO, delay=delay_ms))
        text = await expect_everyone_has(server.base_url, room_id, one, two)
    finally:
        await proxy.stop()
    assert ONE in text and TWO in text, f"the two lines interleaved: {text!r}"


async def has_lines(editor: EditorPage, count: int) -> bool:
    return len((await editor.text()).split("\n")) == count
