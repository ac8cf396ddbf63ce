"""Rooms: create, read, change and delete; text changes go through the collaboration path."""

from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.collab import repository as text_repository
from pairpad.collab.exceptions import InvalidChangeError, RoomNotFound
from pairpad.collab.presence import Participant
from pairpad.collab.sequencer import Failed, checked_text
from pairpad.collab.service import Collaboration
from pairpad.rooms import repository
from pairpad.rooms.exceptions import InvalidCode
from pairpad.rooms.ids import new_room_id
from pairpad.rooms.models import Room
from pairpad.rooms.schemas import RoomCreate, RoomRead, RoomUpdate

API_AUTHOR = Participant(id="api", name="REST API", color="#6b7280")


def _checked_text(code: str, limit: int) -> str:
    """The text as a room holds it, refused as `invalid_code` (the REST name of the error)."""
    try:
        return checked_text(code, limit).text
    except InvalidChangeError as exc:
        raise InvalidCode(exc.message) from None


async def create_room(
    session: AsyncSession, collab: Collaboration, data: RoomCreate, max_chars: int
) -> RoomRead:
    code = _checked_text(data.code, max_chars)
    async with session.begin():
        room = await repository.add_room(
            session, Room(id=new_room_id(), name=data.name, language=data.language)
        )
        # Its text at version 0, where its history starts.
        await text_repository.save_snapshot(session, room.id, 0, code)
    return await read_room(session, collab, room)


async def existing_room(session: AsyncSession, room_id: str) -> Room:
    room = await repository.get_room(session, room_id)
    if room is None:
        raise RoomNotFound(room_id)
    return room


async def read_room(session: AsyncSession, collab: Collaboration, room: Room) -> RoomRead:
    code, version = await collab.current_text(room.id)
    last_edit = await text_repository.last_update_at(session, room.id)
    return RoomRead(
        room_id=room.id,
        id=room.id,
        url=f"/room/{room.id}",
        name=room.name,
        language=room.language,
        code=code,
        version=version,
        created_at=room.created_at,
        updated_at=max(room.updated_at, last_edit) if last_edit else room.updated_at,
        participant_count=await collab.participant_count(room.id),
    )


async def update_room(
    session: AsyncSession, collab: Collaboration, room: Room, data: RoomUpdate, max_chars: int
) -> RoomRead:
    if data.code is not None:
        _checked_text(data.code, max_chars)
        async with collab.holding(room.id) as live:
            outcome = await collab.replace(live, API_AUTHOR, data.code, data.base_version)
        if isinstance(outcome, Failed):
            raise outcome.error
    await collab.change_room(room.id, name=data.name, language=data.language, by=API_AUTHOR.id)
    async with session.begin():
        room = await existing_room(session, room.id)
        await session.refresh(room)
    return await read_room(session, collab, room)


async def delete_room(session: AsyncSession, collab: Collaboration, room: Room) -> None:
    async with session.begin():
        await repository.delete_room(session, room.id)
    await collab.room_deleted(room.id)
