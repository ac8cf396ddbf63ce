"""The ASGI application: routers, error handlers, and the lifespan that owns engine and rooms."""

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker

from pairpad.autocomplete.router import router as autocomplete_router
from pairpad.collab.fanout import Fanout, local_fanout
from pairpad.collab.router import router as collab_router
from pairpad.collab.service import Collaboration
from pairpad.config import Settings, get_settings
from pairpad.db import create_engine
from pairpad.errors import install_error_handlers
from pairpad.execution.router import router as execution_router
from pairpad.execution.service import start_execution
from pairpad.health.router import router as health_router
from pairpad.history.router import router as history_router
from pairpad.hosts import AllowedHosts
from pairpad.limits import BodySizeLimit
from pairpad.logs import configure_logging
from pairpad.loop_watch import watch_event_loop
from pairpad.metrics import OPEN_ROOMS
from pairpad.metrics import router as metrics_router
from pairpad.ratelimit import AddressLimiter
from pairpad.rooms.inputs import StoredInputs
from pairpad.rooms.records import StoredRooms
from pairpad.rooms.router import router as rooms_router
from pairpad.web.router import mount_frontend

logger = logging.getLogger(__name__)

DESCRIPTION = """Real-time collaborative code editor.

* REST: create, read, change and delete rooms.
* WebSocket `/ws/{roomId}`: live editing; see `docs/protocol.md`.

Errors always have the shape `{"error": {"code": "...", "message": "..."}}`."""


def build_fanout(settings: Settings) -> Fanout:
    """Nothing to reach beyond this process, or Redis when several instances share rooms."""
    if not settings.redis_url:
        return local_fanout()
    from pairpad.collab.redis_fanout import redis_fanout

    return redis_fanout(settings.redis_url, settings.redis_prefix, settings.resync_interval_seconds)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker
        fanout = build_fanout(settings)
        app.state.collab = collab = Collaboration(
            engine, sessionmaker, fanout, settings, StoredRooms(sessionmaker)
        )
        await fanout.start(collab)
        app.state.execution = await start_execution(settings)
        app.state.room_inputs = StoredInputs(sessionmaker)
        app.state.stop_requests = fanout.stop_requests
        await fanout.stop_requests.start(app.state.execution.rooms.stop)
        OPEN_ROOMS.set_function(lambda: collab.open_rooms)
        loop_watch = asyncio.create_task(watch_event_loop(), name="event loop watch")
        # What startup built lives as long as the process: keep it out of every collection,
        # whose pauses otherwise grow with it and stop the event loop.
        gc.freeze()
        logger.info("serving with database %s", engine.url.render_as_string(hide_password=True))
        try:
            yield
        finally:
            loop_watch.cancel()
            app.state.execution.close()
            await collab.shutdown()
            await fanout.stop()
            await engine.dispose()

    app = FastAPI(
        title="PairPad",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiters = {
        "room creation": AddressLimiter(
            settings.room_creation_per_minute / 60, settings.room_creation_burst
        ),
        "autocomplete": AddressLimiter(
            settings.autocomplete_per_second, settings.autocomplete_burst
        ),
        "room change": AddressLimiter(
            settings.room_changes_per_minute / 60, settings.room_changes_burst
        ),
    }
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # Added last, so outermost: a foreign Host reaches nothing else.
    app.add_middleware(AllowedHosts, hosts=settings.allowed_hosts)
    app.include_router(health_router)
    app.include_router(rooms_router)
    app.include_router(execution_router)
    app.include_router(collab_router)
    app.include_router(history_router)
    app.include_router(metrics_router)
    app.include_router(autocomplete_router)
    mount_frontend(app)
    return app


app = create_app()
