"""Lookups the rooms routes share."""

from typing import Annotated

from fastapi import Depends, Path

from pairpad.db import SessionDep
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
