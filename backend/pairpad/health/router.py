"""`/health`: the process answers. `/ready`: it can reach its database (and says whether
autocomplete has finished warming up, which editing does not wait for)."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from pairpad.errors import error_body

router = APIRouter(tags=["health"])

READY_TIMEOUT_SECONDS = 2.0


@router.get("/health")
async def health() -> dict[str, str]:
    """Always `{"status": "ok"}` while the process is serving."""
    return {"status": "ok"}


@router.get(
    "/ready",
    responses={503: {"description": "The database cannot be reached."}},
)
async def ready(request: Request) -> JSONResponse:
    """`{"status": "ready", "autocomplete": ...}` when the database answers, else 503
    `database_unavailable`. `autocomplete` is `ready` once the common modules' completions are
    loaded, `warming` until then (answers come from the document's words), `cold` without
    warm-up."""
    engine: AsyncEngine = request.app.state.engine
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        return JSONResponse(
            error_body("database_unavailable", f"The database cannot be reached: {exc}"),
            status_code=503,
        )
    warmth = request.app.state.autocomplete.warmth
    return JSONResponse({"status": "ready", "autocomplete": warmth})
