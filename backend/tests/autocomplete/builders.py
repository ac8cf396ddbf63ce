"""Building autocomplete requests from code with a marked cursor, and sending them."""

from typing import Any

import httpx

CURSOR = "‸"


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def autocomplete_body(marked_code: str, language: str = "python") -> dict[str, Any]:
    """The request body for `marked_code`, whose cursor is where `CURSOR` stands."""
    before, after = marked_code.split(CURSOR)
    return {"code": before + after, "cursorPosition": utf16_length(before), "language": language}


async def autocomplete(
    client: httpx.AsyncClient, marked_code: str, language: str = "python"
) -> dict[str, Any]:
    response = await client.post("/autocomplete", json=autocomplete_body(marked_code, language))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
