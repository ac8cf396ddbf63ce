"""REST routes for rooms: thin wrappers over rooms.service."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response, status

from pairpad.db import SessionDep
from pairpad.dependencies import CollabDep, SettingsDep
from pairpad.ratelimit import rate_limited
from pairpad.rooms import service
from pairpad.rooms.dependencies import RoomDep
from pairpad.rooms.schemas import RoomCreate, RoomRead, RoomUpdate

router = APIRouter(prefix="/rooms", tags=["rooms"])

ERROR_EXAMPLE: dict[str, Any] = {
    "application/json": {
        "example": {"error": {"code": "room_not_found", "message": "Room 'x' does not exist."}}
    }
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such room.", "content": ERROR_EXAMPLE}
}
TOO_MANY_CHANGES: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many changes to rooms from this address."}
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=RoomRead,
    dependencies=[Depends(rate_limited("room creation"))],
    responses={429: {"description": "Too many rooms created from this address."}},
)
async def create_room(
    session: SessionDep,
    collab: CollabDep,
    settings: SettingsDep,
    data: Annotated[RoomCreate | None, Body()] = None,
) -> RoomRead:
    """Create a room. The body is optional; share the returned `url` to invite people."""
    return await service.create_room(
        session, collab, data or RoomCreate(), settings.max_document_chars
    )


@router.get("/{roomId}", response_model=RoomRead, responses=NOT_FOUND)
async def get_room(room: RoomDep, session: SessionDep, collab: CollabDep) -> RoomRead:
    """The room with its current text, version and how many people are in it."""
    return await service.read_room(session, collab, room)


@router.patch(
    "/{roomId}",
    response_model=RoomRead,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **TOO_MANY_CHANGES},
)
async def update_room(
    room: RoomDep, data: RoomUpdate, session: SessionDep, collab: CollabDep, settings: SettingsDep
) -> RoomRead:
    """Rename the room, change its language or replace its text.

    A text replacement becomes one ordinary versioned change that connected editors receive.
    """
    return await service.update_room(session, collab, room, data, settings.max_document_chars)


@router.delete(
    "/{roomId}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **TOO_MANY_CHANGES},
)
async def delete_room(room: RoomDep, session: SessionDep, collab: CollabDep) -> Response:
    """Delete the room and its history; connected editors are closed with code 4404."""
    await service.delete_room(session, collab, room)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
