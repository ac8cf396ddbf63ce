"""REST routes for rooms: thin wrappers over rooms.service."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response, status

from pairpad.db import SessionDep
from pairpad.dependencies import CollabDep, SettingsDep, json_or_no_body
from pairpad.errors import InvalidInput
from pairpad.ratelimit import rate_limited
from pairpad.rooms import notes, service
from pairpad.rooms.dependencies import IfMatchDep, RoomAccessDep
from pairpad.rooms.schemas import (
    NotesRead,
    NotesWrite,
    ParticipantRead,
    RoomCreate,
    RoomCreated,
    RoomRead,
    RoomUpdate,
)

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
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {
        "description": "The caller's link or key does not allow this (docs/protocol.md, Roles).",
        "content": {
            "application/json": {
                "example": {"error": {"code": "forbidden", "message": "This link is view-only."}}
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
    response_model=RoomCreated,
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
) -> RoomCreated:
    """Create a room. The body is optional; share the returned `url` to invite editors and
    `viewUrl` to invite people who may only watch. Keep `hostKey`: it is shown only now."""
    return await service.create_room(
        session, collab, data or RoomCreate(), settings.max_document_chars
    )


@router.get("/{roomId}", response_model=RoomRead, responses={**NOT_FOUND, **FORBIDDEN})
async def get_room(
    access: RoomAccessDep, session: SessionDep, collab: CollabDep, response: Response
) -> RoomRead:
    """The room with its current text, version, status and how many people are in it, and
    the caller's `role`: `host` with the host key, `viewer` through the view link.

    The `ETag` header is the version: send it back as `If-Match` with a PATCH of the code.
    """
    read = await service.read_room(session, collab, access)
    response.headers["ETag"] = version_tag(read.version)
    return read


@router.patch(
    "/{roomId}",
    response_model=RoomRead,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **FORBIDDEN, **TOO_MANY_CHANGES, **VERSION_CONFLICT},
)
async def update_room(
    access: RoomAccessDep,
    data: RoomUpdate,
    session: SessionDep,
    collab: CollabDep,
    settings: SettingsDep,
    if_match: IfMatchDep,
    response: Response,
) -> RoomRead:
    """Rename the room, change its language or replace its text (editors while the room is
    active, and the host); end or reopen the interview with `status` (the host only).

    A text replacement becomes one ordinary versioned change that connected editors receive.
    To be sure it overwrites nobody's edits, name the version it was made from (`If-Match`
    or `baseVersion`): if the text has moved on, the answer is 409 and nothing changes.
    """
    if if_match is not None:
        if data.base_version not in (None, if_match):
            raise InvalidInput("If-Match and baseVersion name different versions.")
        data = data.model_copy(update={"base_version": if_match})
    updated = await service.update_room(session, collab, access, data, settings.max_document_chars)
    response.headers["ETag"] = version_tag(updated.version)
    return updated


@router.delete(
    "/{roomId}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **FORBIDDEN, **TOO_MANY_CHANGES},
)
async def delete_room(access: RoomAccessDep, session: SessionDep, collab: CollabDep) -> Response:
    """Delete the room and its history (the host only); everyone connected is closed with
    code 4404."""
    await service.delete_room(session, collab, access)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{roomId}/participants",
    response_model=list[ParticipantRead],
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def get_participants(access: RoomAccessDep, collab: CollabDep) -> list[ParticipantRead]:
    """The people connected to the room now, on every instance, with their roles."""
    return [ParticipantRead(**person) for person in await collab.participants(access.room.id)]


@router.post(
    "/{roomId}/edit-link",
    response_model=RoomRead,
    dependencies=[Depends(rate_limited("room change"))],
    responses={**NOT_FOUND, **FORBIDDEN},
)
async def rotate_edit_link(
    access: RoomAccessDep, session: SessionDep, collab: CollabDep
) -> RoomRead:
    """Give the room a new edit link (the host only): the old one admits nobody any more and
    editors who came through it are closed with code 4410. The answer has the new `url`."""
    return await service.rotate_edit_link(session, collab, access)


@router.get("/{roomId}/notes", response_model=NotesRead, responses={**NOT_FOUND, **FORBIDDEN})
async def get_notes(access: RoomAccessDep, session: SessionDep) -> NotesRead:
    """The host's private notes (markdown); nobody else can read them through any route."""
    return await notes.read_notes(session, access)


@router.put("/{roomId}/notes", response_model=NotesRead, responses={**NOT_FOUND, **FORBIDDEN})
async def put_notes(access: RoomAccessDep, data: NotesWrite, session: SessionDep) -> NotesRead:
    """Replace the host's private notes; with `updatedAt`, only if they are still that one."""
    return await notes.write_notes(session, access, data)
