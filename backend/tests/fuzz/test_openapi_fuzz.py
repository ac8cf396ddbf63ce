"""Schemathesis against the OpenAPI schema on a real server: no input makes it fail.

Bounded: a few dozen generated requests per operation, valid and invalid. No answer may be a
5xx or stray from the documented response schemas; every error has the common JSON shape.
"""

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
        response = case.call(base_url=live_server.base_url)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}, body
            assert isinstance(body["error"]["code"], str) and body["error"]["message"]

    run()


async def test_server_is_healthy_after_fuzzing(live_server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        assert (await http.get("/ready")).status_code == 200
