"""The API the WebSocket layer calls for a room's Run: one run at a time per room, and a room's
runs count against the runner's address like any other."""

import asyncio

import pytest
from fastapi import FastAPI

from pairpad.execution.exceptions import (
    LanguageUnavailable,
    RunInProgress,
    TooManyRunsFromAddress,
)
from pairpad.execution.service import RoomRuns
from tests.execution.builders import with_settings

SLOW_PROGRAM = "import time\ntime.sleep(0.5)\nprint('done')"
ADA = "192.0.2.10"
LINUS = "192.0.2.20"


@pytest.fixture
def room_runs(app: FastAPI) -> RoomRuns:
    runs: RoomRuns = app.state.execution.rooms
    return runs


async def test_second_run_in_a_room_is_refused_while_the_first_goes_on(
    room_runs: RoomRuns,
) -> None:
    started = asyncio.Event()

    async def on_start() -> None:
        started.set()

    first = asyncio.create_task(
        room_runs.run("room-a", "python", SLOW_PROGRAM, on_start, address=ADA)
    )
    await started.wait()
    with pytest.raises(RunInProgress):
        await room_runs.run("room-a", "python", "print('again')", address=ADA)
    assert (await first).stdout == "done\n"
    assert (
        await room_runs.run("room-a", "python", "print('again')", address=ADA)
    ).stdout == "again\n"


async def test_different_rooms_run_at_the_same_time(room_runs: RoomRuns) -> None:
    results = await asyncio.gather(
        room_runs.run("room-a", "python", SLOW_PROGRAM, address=ADA),
        room_runs.run("room-b", "javascript", "console.log('done')", address=LINUS),
    )
    assert [result.stdout for result in results] == ["done\n", "done\n"]


async def test_a_room_language_that_cannot_run_is_refused_before_starting(
    room_runs: RoomRuns,
) -> None:
    started = []

    async def on_start() -> None:
        started.append(True)

    with pytest.raises(LanguageUnavailable):
        await room_runs.run("room-a", "plaintext", "let x: number = 1", on_start, address=ADA)
    assert started == []
    assert (await room_runs.run("room-a", "python", "print('ok')", address=ADA)).stdout == "ok\n"


async def test_the_result_serializes_to_the_api_shape(room_runs: RoomRuns) -> None:
    result = await room_runs.run("room-a", "python", "print('hi')", address=ADA)
    assert result.model_dump(by_alias=True, exclude={"duration_ms", "run_ms"}) == {
        "stdout": "hi\n",
        "stderr": "",
        "exitCode": 0,
        "timedOut": False,
        "truncated": False,
        "stopped": False,
        "compileMs": None,
        "compileError": False,
        "compileOutput": "",
    }


@with_settings(execution_max_runs_per_address=1)
async def test_a_room_run_counts_against_its_runners_address(room_runs: RoomRuns) -> None:
    started = asyncio.Event()

    async def on_start() -> None:
        started.set()

    first = asyncio.create_task(
        room_runs.run("room-a", "python", SLOW_PROGRAM, on_start, address=ADA)
    )
    await started.wait()
    with pytest.raises(TooManyRunsFromAddress):
        await room_runs.run("room-b", "python", "print('again')", address=ADA)
    other = await room_runs.run("room-b", "python", "print('other')", address=LINUS)
    assert other.stdout == "other\n"
    assert (await first).stdout == "done\n"


@with_settings(execution_max_runs_per_room=2)
async def test_a_room_may_have_as_many_runs_going_as_its_limit_and_no_more(
    room_runs: RoomRuns,
) -> None:
    started = asyncio.Semaphore(0)

    async def on_start() -> None:
        started.release()

    going = [
        asyncio.create_task(room_runs.run("room-a", "python", SLOW_PROGRAM, on_start, address=who))
        for who in (ADA, LINUS)
    ]
    for _ in going:
        await started.acquire()
    with pytest.raises(RunInProgress):
        await room_runs.run("room-a", "python", "print('third')", address="192.0.2.30")
    assert [(await run).stdout for run in going] == ["done\n", "done\n"]
