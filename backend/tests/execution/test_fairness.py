"""One client address cannot take the sandbox from everyone else: it has a few runs going or
waiting at most, and waiting runs take free slots in turn between addresses."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from pairpad.execution.exceptions import TooManyRuns
from pairpad.execution.schemas import RunResult
from tests.execution.builders import wait_until, with_settings

SLEEPING_RUN = {"language": "python", "code": "import time\ntime.sleep(60)"}
QUICK_RUN = {"language": "python", "code": "print('ran')"}


@asynccontextmanager
async def client_at(app: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client the app sees as coming from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    async with httpx.AsyncClient(transport=transport, base_url="http://pairpad.test") as http:
        yield http


@with_settings(
    execution_max_concurrent=3,
    execution_max_queued=4,
    execution_max_runs_per_address=2,
    execution_timeout_seconds=6.0,
)
async def test_an_address_flooding_slow_runs_is_refused_past_its_share_and_others_still_run(
    app: FastAPI,
) -> None:
    async with (
        client_at(app, "198.51.100.1") as flooder,
        client_at(app, "198.51.100.2") as other,
    ):
        flood = [asyncio.create_task(flooder.post("/execute", json=SLEEPING_RUN)) for _ in range(8)]
        await wait_until(lambda: sum(request.done() for request in flood) == 6)
        refused = [request.result() for request in flood if request.done()]
        assert {response.status_code for response in refused} == {429}
        assert {response.json()["error"]["code"] for response in refused} == {
            "too_many_runs_from_address"
        }
        assert "198.51.100.1" in refused[0].json()["error"]["message"]

        response = await other.post("/execute", json=QUICK_RUN)
        assert (response.status_code, response.json()["stdout"]) == (200, "ran\n")
        going = [request for request in flood if not request.done()]
        assert len(going) == 2, "the other address waited for the flood to end"
        for request in going:
            assert (await request).json()["timedOut"] is True


@with_settings(
    execution_max_concurrent=1,
    execution_max_queued=5,
    execution_max_runs_per_address=3,
    execution_timeout_seconds=3.0,
)
async def test_waiting_runs_take_the_slot_in_turn_between_addresses(app: FastAPI) -> None:
    execution = app.state.execution
    started: list[str] = []

    def run(label: str, code: str = "print('ran')") -> asyncio.Task[RunResult]:
        address = f"203.0.113.{ord(label[0])}"

        async def on_start() -> None:
            started.append(label)

        return asyncio.create_task(
            execution.run("python", code, on_start=on_start, address=address)
        )

    first = run("a1", "import time\ntime.sleep(1)")
    await wait_until(lambda: started == ["a1"])
    # Queued in this order while a1 holds the only slot; a floods, b and c come later.
    queued = [run(label) for label in ("a2", "a3", "b1", "b2", "c1")]
    results = await asyncio.gather(first, *queued)
    assert started == ["a1", "b1", "c1", "a2", "b2", "a3"]
    assert [result.stdout for result in results[1:]] == ["ran\n"] * 5


@with_settings(execution_max_concurrent=1, execution_max_queued=1)
async def test_a_waiting_run_given_up_frees_its_place_in_the_queue(app: FastAPI) -> None:
    execution = app.state.execution
    started = asyncio.Event()

    async def on_start() -> None:
        started.set()

    first = asyncio.create_task(
        execution.run(
            "python", "import time\ntime.sleep(1)", on_start=on_start, address="192.0.2.1"
        )
    )
    await started.wait()
    given_up = asyncio.create_task(execution.run("python", "print(1)", address="192.0.2.2"))
    await asyncio.sleep(0)
    with pytest.raises(TooManyRuns):
        await execution.run("python", "print(1)", address="192.0.2.3")
    given_up.cancel()
    await asyncio.wait([given_up])
    later = await execution.run("python", "print('ran')", address="192.0.2.3")
    assert later.stdout == "ran\n"
    assert (await first).exit_code == 0
    assert given_up.cancelled()
