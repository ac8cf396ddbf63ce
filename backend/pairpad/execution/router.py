"""REST routes for running code: thin wrappers over execution.service."""

from typing import Any

from fastapi import APIRouter

from pairpad.execution.dependencies import ClientAddressDep, ExecutionDep
from pairpad.execution.schemas import ExecuteRequest, RunResult, SandboxCapabilities

router = APIRouter(prefix="/execute", tags=["execution"])


def _error(
    status: int, description: str, *code_and_message: tuple[str, str]
) -> dict[int | str, dict[str, Any]]:
    examples = {
        code: {"value": {"error": {"code": code, "message": message}}}
        for code, message in code_and_message
    }
    return {
        status: {
            "description": description,
            "content": {"application/json": {"examples": examples}},
        }
    }


ERRORS: dict[int | str, dict[str, Any]] = {
    **_error(
        400,
        "The language cannot run here.",
        ("language_unavailable", "javascript code cannot run on this server."),
    ),
    **_error(
        429,
        "Too many runs at once: from this address, or from everyone.",
        (
            "too_many_runs_from_address",
            "203.0.113.7 already has 2 runs going or waiting; try again when one is done.",
        ),
        ("too_many_runs", "Too many programs are running or waiting; try again in a moment."),
    ),
    **_error(
        503,
        "No sandbox works on this host.",
        ("execution_unavailable", "Code execution is disabled on this server: ..."),
    ),
}


@router.post("", response_model=RunResult, responses=ERRORS)
async def execute(
    data: ExecuteRequest, execution: ExecutionDep, address: ClientAddressDep
) -> RunResult:
    """Run a program in the sandbox and return its output and how it ended.

    A program that runs past the time limit, or prints more than the output limit, is stopped:
    `timedOut` or `truncated` says so and the output up to that point is returned. One client
    address may have a few runs going or waiting at once; when slots are busy, waiting runs
    take them in turn between addresses.
    """
    return await execution.run(data.language, data.code, data.stdin, address=address)


@router.get("/capabilities", response_model=SandboxCapabilities)
async def capabilities(execution: ExecutionDep) -> SandboxCapabilities:
    """How runs are isolated on this server, which languages run, and the limits they get."""
    return execution.capabilities
