"""Every bad autocomplete request gets its status and the common error shape."""

from typing import Any

import httpx
import pytest

from tests.autocomplete.builders import autocomplete_body


def error_of(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    code: str = body["error"]["code"]
    return code


@pytest.mark.parametrize(
    "changes",
    [
        {"language": "cobol"},
        {"cursorPosition": -1},
        {"cursorPosition": "3"},
        {"cursorPosition": 1.5},
        {"cursorPosition": True},
        {"cursorPosition": None},
        {"code": 42},
        {"code": ["print"]},
        {"roomId": "k3fq-7zpm-x2dr4"},
    ],
    ids=repr,
)
async def test_malformed_field_is_a_validation_error(
    client: httpx.AsyncClient, changes: dict[str, Any]
) -> None:
    response = await client.post("/autocomplete", json=autocomplete_body("pri‸") | changes)
    assert response.status_code == 422
    assert error_of(response) == "validation_error"


@pytest.mark.parametrize("missing", ["code", "cursorPosition", "language"])
async def test_missing_field_is_a_validation_error(client: httpx.AsyncClient, missing: str) -> None:
    body = autocomplete_body("pri‸")
    del body[missing]
    response = await client.post("/autocomplete", json=body)
    assert response.status_code == 422
    assert error_of(response) == "validation_error"


async def test_body_that_is_not_json_is_a_validation_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/autocomplete", content=b"code=1", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert error_of(response) == "validation_error"


async def test_cursor_past_the_end_is_rejected(client: httpx.AsyncClient) -> None:
    body = autocomplete_body("print‸") | {"cursorPosition": 6}
    response = await client.post("/autocomplete", json=body)
    assert response.status_code == 422
    assert error_of(response) == "invalid_cursor"


async def test_cursor_counted_in_code_points_past_an_emoji_is_rejected(
    client: httpx.AsyncClient,
) -> None:
    body = autocomplete_body("x = '😀'; pri‸")
    response = await client.post("/autocomplete", json=body | {"cursorPosition": 14})
    assert response.status_code == 422
    assert error_of(response) == "invalid_cursor"


async def test_cursor_between_the_halves_of_an_emoji_is_rejected(
    client: httpx.AsyncClient,
) -> None:
    body = autocomplete_body("x = '😀‸'")
    response = await client.post("/autocomplete", json=body | {"cursorPosition": 6})
    assert response.status_code == 422
    assert error_of(response) == "invalid_cursor"


async def test_lone_surrogate_in_the_code_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/autocomplete",
        content=b'{"code": "x = \\ud800", "cursorPosition": 0, "language": "python"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert error_of(response) == "validation_error"


async def test_code_over_the_limit_is_too_large(client: httpx.AsyncClient) -> None:
    code = "x = 1\n" * 40_000
    body = {"code": code, "cursorPosition": 0, "language": "python"}
    response = await client.post("/autocomplete", json=body)
    assert response.status_code == 413
    assert error_of(response) == "code_too_large"


async def test_body_over_the_request_limit_is_too_large(client: httpx.AsyncClient) -> None:
    body = {"code": "x" * 2_000_000, "cursorPosition": 0, "language": "python"}
    response = await client.post("/autocomplete", json=body)
    assert response.status_code == 413
    assert error_of(response) == "payload_too_large"


@pytest.mark.parametrize(
    "autocomplete_settings",
    [{"autocomplete_per_second": 0.0, "autocomplete_burst": 1}],
    ids=["one request"],
)
async def test_requests_beyond_the_rate_limit_are_refused(client: httpx.AsyncClient) -> None:
    first = await client.post("/autocomplete", json=autocomplete_body("retu‸", "javascript"))
    second = await client.post("/autocomplete", json=autocomplete_body("retu‸", "javascript"))
    assert first.status_code == 200
    assert second.status_code == 429
    assert error_of(second) == "rate_limited"
