"""REST routes for a room's history: thin wrappers over history.service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from pairpad.db import SessionDep
from pairpad.dependencies import CollabDep, SettingsDep
from pairpad.history import service
from pairpad.history.schemas import HistoryPage, RestoreRequest, VersionText
from pairpad.ratelimit import rate_limited
from pairpad.rooms import service as rooms_service
from pairpad.rooms.dependencies import RoomAccessDep
from pairpad.rooms.router import FORBIDDEN, NOT_FOUND, TOO_MANY_CHANGES
from pairpad.rooms.schemas import RoomRead, RoomUpdate
from pairpad.storable import MAX_VERSION

router = APIRouter(prefix="/rooms/{roomId}", tags=["history"])


@router.get("/history", response_model=HistoryPage, responses={**NOT_FOUND, **FORBIDDEN})
async def get_history(
    access: RoomAccessDep,
    session: SessionDep,
    since: Annotated[
        int, Query(ge=0, le=MAX_VERSION, description="Return updates after this version.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> HistoryPage:
    """The room's updates in order: who changed what, and when. Page with `nextSince`."""
    return await service.history_page(session, access.room.id, since, limit)


@router.get("/versions/{version}", response_model=VersionText, responses={**NOT_FOUND, **FORBIDDEN})
async def get_version(
    access: RoomAccessDep,
    session: SessionDep,
    collab: CollabDep,
    version: Annotated[int, Path(ge=0, le=MAX_VERSION)],
) -> VersionText:
    """The room's full text as it was at `version` (0 is the text it was created with)."""
    return await service.text_at(session, collab, access, version)


@router.post(
    "/restore",
    response_model=RoomRead,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **FORBIDDEN, **TOO_MANY_CHANGES},
)
async def restore_version(
    access: RoomAccessDep,
    data: RestoreRequest,
    session: SessionDep,
    collab: CollabDep,
    settings: SettingsDep,
) -> RoomRead:
    """Make the text at `version` the current text, as one new change everyone receives
    (editors while the room is active, and the host).

    Nothing in the history is rewritten: the restore itself becomes the newest version.
    """
    access.require_edit()
    past = await service.text_at(session, collab, access, data.version)
    return await rooms_service.update_room(
        session, collab, access, RoomUpdate(code=past.code), settings.max_document_chars
    )
