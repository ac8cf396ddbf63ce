"""Lookups the rooms routes share."""

from typing import Annotated

from fastapi import Depends, Header, Path

from pairpad.collab.exceptions import RoomNotFound
from pairpad.db import SessionDep
from pairpad.errors import InvalidInput
from pairpad.rooms import repository
from pairpad.rooms.access import RoomAccess, bearer_key, role_through


async def room_access(
    session: SessionDep,
    room_id: Annotated[
        str,
        Path(
            alias="roomId",
            max_length=64,
            description="The room's edit link id, or its view link id (read-only).",
            examples=["k3fq-7zpm-x2dr4"],
        ),
    ],
    authorization: Annotated[
        str | None,
        Header(description="`Bearer <hostKey>` to act as the room's host."),
    ] = None,
) -> RoomAccess:
    """The room the path's link leads to and the caller's role there; 404 room_not_found for a
    link no room has, 403 forbidden for a host key that is not the room's."""
    async with session.begin():
        room = await repository.find_by_link(session, room_id)
    if room is None:
        raise RoomNotFound(room_id)
    return RoomAccess(room, room_id, role_through(room, room_id, bearer_key(authorization)))


RoomAccessDep = Annotated[RoomAccess, Depends(room_access)]


def if_match_version(
    if_match: Annotated[
        str | None,
        Header(
            description='The version the change was made from, as GET\'s ETag gives it ("7"): '
            "a room whose text has changed since answers 409 version_conflict.",
        ),
    ] = None,
) -> int | None:
    """The version an If-Match header names; None without one, or for `*`."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit() and len(tag) <= 10):
        raise InvalidInput(f'If-Match must name a version, as ETag does ("7"), not {if_match!r}.')
    return int(tag)


IfMatchDep = Annotated[int | None, Depends(if_match_version)]
