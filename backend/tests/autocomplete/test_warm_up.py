"""Warm-up: the common modules' attributes are loaded when the server starts, `/ready` says when
that is done, and from then on a text nobody has sent before completes `os.pa` from them."""

import httpx

from tests.autocomplete.builders import autocomplete
from tests.server import ServerProcess


async def test_ready_says_when_warm_and_a_new_text_then_completes_module_attributes(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(AUTOCOMPLETE_WARM_UP="true", AUTOCOMPLETE_BUDGET_MS="10000")
    assert server.autocomplete_warmth_until_ready()[-1] == "ready"
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        body = await autocomplete(client, "# top\nimport os\nos.pa‸")
        assert (body["suggestion"], body["provider"]) == ("th", "jedi")
        body = await autocomplete(client, "import os.path\n\nos.path.spl‸ext")
        assert body["items"][0]["label"] in {"split", "splitext", "splitdrive", "splitroot"}
        body = await autocomplete(client, "import collections as c\nc.Ordered‸")
        assert body["suggestion"] == "Dict"


def test_without_warm_up_ready_says_autocomplete_is_cold(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(AUTOCOMPLETE_WARM_UP="false")
    body = httpx.get(f"{server.base_url}/ready", timeout=5).json()
    assert body == {"status": "ready", "autocomplete": "cold"}
