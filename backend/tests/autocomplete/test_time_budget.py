"""When jedi has no time, the keyword provider answers; `‸` marks the cursor."""

import httpx
import pytest

from tests.autocomplete.builders import autocomplete

NO_TIME = pytest.mark.parametrize(
    "autocomplete_settings", [{"autocomplete_budget_ms": 0}], ids=["no time"]
)


@NO_TIME
async def test_keyword_provider_answers_when_the_budget_is_spent(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "import os\nprint(os.path.sep)\nos.pa‸")
    assert body["provider"] == "keywords"
    assert body["late"] is True, "jedi was cut short: asking again may do better"
    assert body["suggestion"] == "th"
    assert body["items"][0]["detail"] == "after a dot in this document"


@NO_TIME
async def test_budget_fallback_still_says_nothing_inside_comments(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "import os\n# pri‸")
    assert body == {"suggestion": "", "items": [], "provider": "keywords", "late": True}


@NO_TIME
async def test_languages_without_a_slower_provider_ignore_the_budget(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "retu‸", "javascript")
    assert body["provider"] == "keywords"
    assert "late" not in body
    assert body["suggestion"] == "rn"
