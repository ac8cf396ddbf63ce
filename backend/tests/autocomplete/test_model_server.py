"""The optional model server: asked first, and left out when slow, down or talking garbage.

A model server written here (`model_servers.py`) listens on a real socket and speaks the OpenAI
completions API and llama.cpp's /infill; `‸` marks the cursor.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr, ValidationError

from pairpad.config import Settings
from tests.autocomplete.builders import autocomplete, autocomplete_body
from tests.autocomplete.model_servers import Behaviour, FillInTheMiddleServer
from tests.postgres import free_port
from tests.server import ServerProcess

MODEL = "tiny-coder:1b"
API_KEY = "sk-test-4f9a0c"


@pytest.fixture
async def model_server() -> AsyncIterator[FillInTheMiddleServer]:
    server = await FillInTheMiddleServer().start()
    yield server
    await server.stop()


@pytest.fixture(params=["openai", "infill"])
def api(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def model_settings() -> dict[str, Any]:
    """What a test changes in the model's settings."""
    return {}


@pytest.fixture
def autocomplete_settings(
    model_server: FillInTheMiddleServer, api: str, model_settings: dict[str, Any]
) -> dict[str, Any]:
    return {
        "autocomplete_budget_ms": 60_000,
        "autocomplete_ai_url": model_server.url,
        "autocomplete_ai_api": api,
        "autocomplete_ai_model": MODEL,
        "autocomplete_ai_timeout_ms": 500,
        **model_settings,
    }


def fallbacks(reason: str) -> float:
    """How often the model was left out for `reason`, in this process."""
    counted = REGISTRY.get_sample_value(
        "pairpad_autocomplete_model_fallbacks_total", {"reason": reason}
    )
    return counted or 0.0


async def test_model_answer_is_the_suggestion_and_the_request_carries_the_text_around_it(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer, api: str
) -> None:
    model_server.middle = "th.join(root, name)\n    print(full)"
    body = await autocomplete(client, "import os\nfull = os.pa‸\n\nprint('done')\n")

    assert body == {
        "suggestion": "th.join(root, name)\n    print(full)",
        "items": [
            {
                "label": "path.join(root, name)",
                "insertText": "th.join(root, name)\n    print(full)",
                "kind": "text",
                "detail": f"suggested by {MODEL}",
            }
        ],
        "provider": "model",
    }
    [request] = model_server.received
    common = {"temperature": 0, "stop": ["\n\n"], "stream": False}
    if api == "openai":
        assert request.path == "/v1/completions"
        assert request.body == {
            "model": MODEL,
            "prompt": "import os\nfull = os.pa",
            "suffix": "\n\nprint('done')\n",
            "max_tokens": 64,
            **common,
        }
    else:
        assert request.path == "/infill"
        assert request.body == {
            "model": MODEL,
            "input_prefix": "import os\nfull = os.pa",
            "input_suffix": "\n\nprint('done')\n",
            "n_predict": 64,
            **common,
        }
    assert "authorization" not in request.headers


@pytest.mark.parametrize(
    "model_settings",
    [{"autocomplete_ai_max_prefix_chars": 8, "autocomplete_ai_max_suffix_chars": 5}],
    ids=["caps"],
)
async def test_prefix_and_suffix_sent_are_cut_to_the_caps_nearest_the_cursor(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer, api: str
) -> None:
    await autocomplete(client, "import os\nfull = os.pa‸\nprint('done')\n")
    [request] = model_server.received
    prefix, suffix = ("prompt", "suffix") if api == "openai" else ("input_prefix", "input_suffix")
    assert request.body[prefix] == " = os.pa"
    assert request.body[suffix] == "\nprin"


@pytest.mark.parametrize(
    "model_settings", [{"autocomplete_ai_api_key": SecretStr(API_KEY)}], ids=["key"]
)
async def test_api_key_is_sent_as_a_bearer_token_and_never_logged(
    client: httpx.AsyncClient,
    model_server: FillInTheMiddleServer,
    caplog: pytest.LogCaptureFixture,
    settings: Settings,
) -> None:
    caplog.set_level("DEBUG")
    await autocomplete(client, "x = fo‸")
    model_server.behaviour = "error"
    await autocomplete(client, "x = fo‸")

    assert [r.headers["authorization"] for r in model_server.received] == [f"Bearer {API_KEY}"] * 2
    assert API_KEY not in caplog.text
    assert API_KEY not in repr(settings)


async def test_model_continues_a_fresh_line_where_other_providers_offer_nothing(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer
) -> None:
    model_server.middle = "return a + b"
    body = await autocomplete(client, "def add(a, b):\n    ‸")
    assert body["provider"] == "model"
    assert body["suggestion"] == "return a + b"


async def test_closing_brackets_after_the_cursor_are_not_suggested_again(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer
) -> None:
    model_server.middle = '"hello, " + name)'
    body = await autocomplete(client, "def greet(name):\n    print(‸)")
    assert body["provider"] == "model"
    assert body["suggestion"] == '"hello, " + name'


async def test_model_is_not_asked_when_text_follows_the_cursor_on_its_line(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer
) -> None:
    body = await autocomplete(client, "value = 1\nprint(val‸ + 2)", "javascript")
    assert body["provider"] == "keywords"
    assert body["suggestion"] == "ue"
    assert model_server.received == []


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("slow", "timeout"),
        ("error", "http_error"),
        ("malformed", "malformed"),
        ("wrong_shape", "wrong_shape"),
        ("empty", "empty"),
        ("too_long", "too_long"),
    ],
)
async def test_keywords_answer_and_the_metric_counts_why_when_the_model_fails(
    client: httpx.AsyncClient,
    model_server: FillInTheMiddleServer,
    behaviour: Behaviour,
    reason: str,
) -> None:
    model_server.behaviour = behaviour
    before = fallbacks(reason)
    started = time.monotonic()
    body = await autocomplete(client, "const total = 1;\ntot‸", "javascript")

    assert time.monotonic() - started < 3, "waited for the slow model past its timeout"
    assert body["provider"] == "keywords"
    assert body["suggestion"] == "al"
    assert len(model_server.received) == 1
    assert fallbacks(reason) == before + 1


@pytest.mark.parametrize("api", ["openai"])
async def test_connection_pool_serves_the_next_request_after_a_timeout(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer
) -> None:
    model_server.behaviour = "slow"
    assert (await autocomplete(client, "x = fo‸"))["provider"] != "model"
    model_server.behaviour = "answer"
    model_server.middle = "o(1)"
    assert (await autocomplete(client, "x = fo‸"))["suggestion"] == "o(1)"


@pytest.mark.parametrize("api", ["openai"])
@pytest.mark.parametrize("model_settings", [{"autocomplete_ai_url": "http://127.0.0.1:1"}])
async def test_jedi_answers_when_the_model_server_is_down(client: httpx.AsyncClient) -> None:
    before = fallbacks("unreachable")
    body = await autocomplete(client, "import os\nos.pa‸")
    assert body["provider"] == "jedi"
    assert body["suggestion"] == "th"
    assert fallbacks("unreachable") == before + 1


@pytest.mark.parametrize("api", ["openai"])
@pytest.mark.parametrize("model_settings", [{"autocomplete_ai_url": ""}], ids=["no url"])
async def test_without_a_url_no_model_is_asked_and_answers_are_unchanged(
    client: httpx.AsyncClient, model_server: FillInTheMiddleServer
) -> None:
    assert await autocomplete(client, "def add(a, b):\n    ‸") == {
        "suggestion": "",
        "items": [],
        "provider": "none",
    }
    assert (await autocomplete(client, "const total = 1;\ntot‸", "javascript"))[
        "suggestion"
    ] == "al"
    assert model_server.received == []


@pytest.mark.parametrize(
    "url", ["localhost:11434", "ftp://127.0.0.1", "http://", "http://[::1", "http://h:99999"]
)
def test_a_model_url_no_request_could_use_is_refused_at_startup(url: str) -> None:
    with pytest.raises(ValidationError, match="autocomplete_ai_url"):
        Settings(autocomplete_ai_url=url, _env_file=None)  # type: ignore[call-arg]


async def test_pairpad_serve_answers_from_the_model_and_counts_fallbacks_in_metrics(
    model_server: FillInTheMiddleServer, database_url: str
) -> None:
    server = ServerProcess(
        database_url,
        env={
            "AUTOCOMPLETE_AI_URL": model_server.url + "/v1",
            "AUTOCOMPLETE_AI_MODEL": MODEL,
            "AUTOCOMPLETE_AI_TIMEOUT_MS": "2000",
            "AUTOCOMPLETE_WARM_UP": "false",
        },
        port=free_port(),
    )
    # Started in a thread: this loop serves the model meanwhile.
    await asyncio.to_thread(server.start)
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
            model_server.middle = "al = sum(prices)\nprint(total)"
            answer = await http.post(
                "/autocomplete", json=autocomplete_body("prices = [1]\ntot‸", "javascript")
            )
            assert answer.json()["provider"] == "model"
            assert answer.json()["suggestion"] == "al = sum(prices)\nprint(total)"
            assert model_server.received[0].path == "/v1/completions"

            model_server.behaviour = "malformed"
            answer = await http.post(
                "/autocomplete", json=autocomplete_body("prices = [1]\npri‸", "javascript")
            )
            assert answer.json()["provider"] == "keywords"
            metrics = (await http.get("/metrics")).text.splitlines()
        assert 'pairpad_autocomplete_model_fallbacks_total{reason="malformed"} 1.0' in metrics
        assert "pairpad_autocomplete_model_answers_total 1.0" in metrics
    finally:
        server.stop()
