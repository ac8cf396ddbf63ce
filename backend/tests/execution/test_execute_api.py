"""POST /execute and GET /execute/capabilities through the real app, with the probed sandbox."""

import asyncio
from typing import Any

import httpx

from pairpad.config import Settings
from tests.execution.builders import CONTAINED_WITHIN_MS, with_settings


async def execute(client: httpx.AsyncClient, code: str, **fields: Any) -> dict[str, Any]:
    response = await client.post("/execute", json={"language": "python", "code": code, **fields})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_output_and_exit_code_come_back_in_camel_case(client: httpx.AsyncClient) -> None:
    body = await execute(client, "print('hello')\nraise SystemExit(3)")
    assert set(body) == {
        *("stdout", "stderr", "exitCode", "durationMs", "timedOut", "truncated"),
        *("stopped", "compileMs", "runMs", "compileError", "compileOutput"),
    }
    assert (body["compileMs"], body["runMs"]) == (None, body["durationMs"])
    assert (body["stdout"], body["exitCode"], body["timedOut"], body["truncated"]) == (
        "hello\n",
        3,
        False,
        False,
    )


async def test_stdin_is_what_the_program_reads(client: httpx.AsyncClient) -> None:
    body = await execute(client, "import sys\nprint(sys.stdin.read()[::-1])", stdin="abc\ndef")
    assert body["stdout"] == "fed\ncba\n"


@with_settings(execution_max_stdin_bytes=8)
async def test_stdin_past_the_limit_or_with_nul_is_refused_before_running(
    client: httpx.AsyncClient,
) -> None:
    code = "print(input())"
    fits = await execute(client, code, stdin="é" * 4)  # 8 bytes of UTF-8
    assert fits["stdout"] == "éééé\n"
    too_large = await client.post(
        "/execute", json={"language": "python", "code": code, "stdin": "é" * 5}
    )
    assert too_large.status_code == 413
    assert too_large.json()["error"]["code"] == "stdin_too_large"
    nul = await client.post(
        "/execute", json={"language": "python", "code": code, "stdin": "a\u0000"}
    )
    assert nul.status_code == 422
    assert nul.json()["error"]["code"] == "validation_error"
    assert "NUL" in nul.json()["error"]["message"]


async def test_stderr_is_kept_apart_from_stdout(client: httpx.AsyncClient) -> None:
    body = await execute(client, "import sys\nprint('out')\nprint('err', file=sys.stderr)")
    assert (body["stdout"], body["stderr"]) == ("out\n", "err\n")


async def test_uncaught_exception_shows_its_traceback_and_exit_code_1(
    client: httpx.AsyncClient,
) -> None:
    body = await execute(client, "1 / 0")
    assert body["exitCode"] == 1
    assert "ZeroDivisionError" in body["stderr"]


async def test_infinite_loop_is_reported_as_timed_out(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = await execute(client, "print('started')\nwhile True:\n    pass")
    assert body["timedOut"] is True
    assert body["stdout"] == "started\n"
    assert settings.execution_timeout_seconds * 1000 <= body["durationMs"] < CONTAINED_WITHIN_MS


async def test_stdout_flood_is_truncated(client: httpx.AsyncClient, settings: Settings) -> None:
    body = await execute(client, "while True:\n    print('flood')")
    assert body["truncated"] is True
    assert len(body["stdout"]) == settings.execution_max_output_bytes


async def test_invalid_utf8_output_is_valid_json_with_replacement_characters(
    client: httpx.AsyncClient,
) -> None:
    body = await execute(client, "import sys\nsys.stdout.buffer.write(b'caf\\xc3 \\xff')")
    assert body["stdout"] == "caf\ufffd \ufffd"


async def test_unknown_language_is_a_validation_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/execute", json={"language": "cobol", "code": ""})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@with_settings(execution_timeout_seconds=4.0)
async def test_server_stays_responsive_during_a_long_run(client: httpx.AsyncClient) -> None:
    long_run = asyncio.create_task(execute(client, "while True:\n    pass"))
    health = await client.get("/health")
    quick = await execute(client, "print('meanwhile')")
    assert not long_run.done()
    assert health.status_code == 200
    assert quick["stdout"] == "meanwhile\n"
    result = await long_run
    assert result["timedOut"] is True, result


async def test_capabilities_show_bubblewrap_with_every_language(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.get("/execute/capabilities")
    assert response.status_code == 200
    body = response.json()
    assert body["isolation"] == "bubblewrap", body["notes"]
    assert body["languages"] == ["python", "javascript", "typescript", "c", "cpp", "java", "go"]
    assert body["limits"]["timeoutSeconds"] == settings.execution_timeout_seconds
