"""REST routes for rooms: thin wrappers over rooms.service."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response, status

from pairpad.db import SessionDep
from pairpad.dependencies import CollabDep, SettingsDep, json_or_no_body
from pairpad.errors import InvalidInput
from pairpad.ratelimit import rate_limited
from pairpad.rooms import service
from pairpad.rooms.dependencies import IfMatchDep, RoomDep
from pairpad.rooms.schemas import RoomCreate, RoomRead, RoomUpdate

router = APIRouter(prefix="/rooms", tags=["rooms"])


def version_tag(version: int) -> str:
    """The ETag of a room's text: its version, which any change moves on."""
    return f'"{version}"'


ERROR_EXAMPLE: dict[str, Any] = {
    "application/json": {
        "example": {"error": {"code": "room_not_found", "message": "Room 'x' does not exist."}}
    }
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such room.", "content": ERROR_EXAMPLE}
}
VERSION_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "The text is no longer at the version the change was made from.",
        "content": {
            "application/json": {
                "example": {
                    "error": {
                        "code": "version_conflict",
                        "message": "The text is at version 8, not 7: read it again and retry.",
                        "version": 8,
                    }
                }
            }
        },
    }
}
TOO_MANY_CHANGES: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many changes to rooms from this address."}
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=RoomRead,
    dependencies=[Depends(json_or_no_body), Depends(rate_limited("room creation"))],
    responses={
        415: {"description": "A body that is not JSON."},
        429: {"description": "Too many rooms created from this address."},
    },
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
async def get_room(
    room: RoomDep, session: SessionDep, collab: CollabDep, response: Response
) -> RoomRead:
    """The room with its current text, version and how many people are in it.

    The `ETag` header is the version: send it back as `If-Match` with a PATCH of the code.
    """
    read = await service.read_room(session, collab, room)
    response.headers["ETag"] = version_tag(read.version)
    return read


@router.patch(
    "/{roomId}",
    response_model=RoomRead,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **TOO_MANY_CHANGES, **VERSION_CONFLICT},
)
async def update_room(
    room: RoomDep,
    data: RoomUpdate,
    session: SessionDep,
    collab: CollabDep,
    settings: SettingsDep,
    if_match: IfMatchDep,
    response: Response,
) -> RoomRead:
    """Rename the room, change its language or replace its text.

    A text replacement becomes one ordinary versioned change that connected editors receive.
    To be sure it overwrites nobody's edits, name the version it was made from (`If-Match`
    or `baseVersion`): if the text has moved on, the answer is 409 and nothing changes.
    """
    if if_match is not None:
        if data.base_version not in (None, if_match):
            raise InvalidInput("If-Match and baseVersion name different versions.")
        data = data.model_copy(update={"base_version": if_match})
    updated = await service.update_room(session, collab, room, data, settings.max_document_chars)
    response.headers["ETag"] = version_tag(updated.version)
    return updated


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
