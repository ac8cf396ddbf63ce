"""The API the WebSocket layer calls for a room's Run: one run at a time per room."""

import asyncio

import pytest
from fastapi import FastAPI

from pairpad.execution.exceptions import LanguageUnavailable, RunInProgress
from pairpad.execution.service import RoomRuns

SLOW_PROGRAM = "import time\ntime.sleep(0.5)\nprint('done')"


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

    first = asyncio.create_task(room_runs.run("room-a", "python", SLOW_PROGRAM, on_start))
    await started.wait()
    with pytest.raises(RunInProgress):
        await room_runs.run("room-a", "python", "print('again')")
    assert (await first).stdout == "done\n"
    assert (await room_runs.run("room-a", "python", "print('again')")).stdout == "again\n"


async def test_different_rooms_run_at_the_same_time(room_runs: RoomRuns) -> None:
    results = await asyncio.gather(
        room_runs.run("room-a", "python", SLOW_PROGRAM),
        room_runs.run("room-b", "javascript", "console.log('done')"),
    )
    assert [result.stdout for result in results] == ["done\n", "done\n"]


async def test_a_room_language_that_cannot_run_is_refused_before_starting(
    room_runs: RoomRuns,
) -> None:
    started = []

    async def on_start() -> None:
        started.append(True)

    with pytest.raises(LanguageUnavailable):
        await room_runs.run("room-a", "typescript", "let x: number = 1", on_start)
    assert started == []
    assert (await room_runs.run("room-a", "python", "print('ok')")).stdout == "ok\n"


async def test_the_result_serializes_to_the_api_shape(room_runs: RoomRuns) -> None:
    result = await room_runs.run("room-a", "python", "print('hi')")
    assert result.model_dump(by_alias=True, exclude={"duration_ms"}) == {
        "stdout": "hi\n",
        "stderr": "",
        "exitCode": 0,
        "timedOut": False,
        "truncated": False,
    }
