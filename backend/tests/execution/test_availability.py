"""What a client hears when a run cannot happen: no sandbox, no interpreter, no free slot."""

import asyncio

import httpx
from fastapi import FastAPI

from pairpad.config import Settings
from pairpad.execution.processes import processes_of
from pairpad.execution.service import start_execution
from tests.execution.builders import wait_until, with_settings

LONG_RUN = {"language": "python", "code": "while True:\n    pass"}
QUICK_RUN = {"language": "python", "code": "print('ran')"}


@with_settings(execution_node="/nonexistent/node")
async def test_javascript_without_node_is_language_unavailable(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/execute", json={"language": "javascript", "code": "1"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "language_unavailable"
    assert (await client.post("/execute", json=QUICK_RUN)).status_code == 200


@with_settings(execution_isolation="bubblewrap", execution_bwrap="/nonexistent/bwrap")
async def test_without_a_working_sandbox_execution_is_unavailable(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/execute", json=QUICK_RUN)
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "execution_unavailable"
    assert "/nonexistent/bwrap was not found" in error["message"]
    capabilities = (await client.get("/execute/capabilities")).json()
    assert (capabilities["isolation"], capabilities["languages"]) == (None, [])


@with_settings(execution_isolation="landlock")
async def test_landlock_can_be_chosen_explicitly(client: httpx.AsyncClient) -> None:
    capabilities = (await client.get("/execute/capabilities")).json()
    assert capabilities["isolation"] == "landlock"
    response = await client.post("/execute", json=QUICK_RUN)
    assert response.json()["stdout"] == "ran\n"


@with_settings(execution_max_concurrent=1, execution_max_queued=0, execution_timeout_seconds=1.0)
async def test_a_run_beyond_the_cap_and_queue_is_refused_with_429(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    (uid,) = app.state.execution.uids
    long_run = asyncio.create_task(client.post("/execute", json=LONG_RUN))
    await wait_until(lambda: bool(processes_of(uid)))
    response = await client.post("/execute", json=QUICK_RUN)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_runs"
    assert (await long_run).json()["timedOut"] is True


@with_settings(execution_max_concurrent=1, execution_max_queued=1, execution_timeout_seconds=1.0)
async def test_a_queued_run_waits_for_the_slot_and_then_runs(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    (uid,) = app.state.execution.uids
    long_run = asyncio.create_task(client.post("/execute", json=LONG_RUN))
    await wait_until(lambda: bool(processes_of(uid)))
    queued = await client.post("/execute", json=QUICK_RUN)
    assert long_run.done(), "the queued run started before the slot was free"
    assert queued.json()["stdout"] == "ran\n"


async def test_a_run_is_visible_by_its_uid_only_while_it_runs(app: FastAPI) -> None:
    uids = app.state.execution.uids
    running = asyncio.create_task(
        app.state.execution.run("python", "import time; time.sleep(1)", address="192.0.2.1")
    )
    await wait_until(lambda: any(processes_of(uid) for uid in uids))
    await running
    assert not any(processes_of(uid) for uid in uids)


async def test_servers_on_one_host_claim_separate_uids(settings: Settings) -> None:
    first = await start_execution(settings)
    second = await start_execution(settings)
    assert set(first.uids).isdisjoint(second.uids)
    assert second.capabilities.isolation == "bubblewrap"
    first.close()
    third = await start_execution(settings)
    assert third.uids == first.uids
    second.close()
    third.close()
