"""Lookups the rooms routes share."""

from typing import Annotated

from fastapi import Depends, Header, Path

from pairpad.db import SessionDep
from pairpad.errors import InvalidInput
from pairpad.rooms.models import Room
from pairpad.rooms.service import existing_room


async def valid_room(
    session: SessionDep,
    room_id: Annotated[str, Path(alias="roomId", max_length=64, examples=["k3fq-7zpm-x2dr4"])],
) -> Room:
    """The room named in the path, or a 404 room_not_found."""
    async with session.begin():
        return await existing_room(session, room_id)


RoomDep = Annotated[Room, Depends(valid_room)]


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
