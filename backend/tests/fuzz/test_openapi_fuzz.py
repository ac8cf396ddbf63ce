"""Schemathesis against the OpenAPI schema on a real server: no input makes it fail.

Bounded: a few dozen generated requests per operation, valid and invalid. No answer may be a
5xx or stray from the documented response schemas; every error has the common JSON shape.
"""

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.server import ServerProcess

FUZZED_PATHS = "^/(rooms|health|ready)"


def operations(base_url: str) -> list:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    return [result.ok() for result in schema.include(path_regex=FUZZED_PATHS).get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_never_break_the_api(
    live_server: ServerProcess, mode: GenerationMode
) -> None:
    checked = operations(live_server.base_url)
    assert len(checked) >= 6

    @given(data=st.data())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    def run(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(checked))
        case = data.draw(operation.as_strategy(generation_mode=mode))
        poison(case, data)
        response = case.call(base_url=live_server.base_url)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}, body
            assert isinstance(body["error"]["code"], str) and body["error"]["message"]

    run()


HOSTILE = st.sampled_from(
    ["\u0000", "a\u0000b", "\u00b2", "\u0663", "9" * 5000, str(2**64), 2**64, -(2**40), 10**30]
)


def poison(case: Any, data: st.DataObject) -> None:
    """Now and then put a hostile value (a NUL, superscript digits, a huge number) where the
    generated request has a parameter or a body field."""
    places = [
        holder
        for holder in (case.path_parameters, case.query, case.body)
        if isinstance(holder, dict) and holder
    ]
    if places and data.draw(st.booleans()):
        holder = data.draw(st.sampled_from(places))
        holder[data.draw(st.sampled_from(sorted(holder)))] = data.draw(HOSTILE)


async def test_server_is_healthy_after_fuzzing(live_server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        assert (await http.get("/ready")).status_code == 200
