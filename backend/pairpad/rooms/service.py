"""Rooms: create, read, change and delete, each as the caller's role allows; text changes go
through the collaboration path."""

from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.collab import repository as text_repository
from pairpad.collab.exceptions import InvalidChangeError, RoomNotFound
from pairpad.collab.permissions import Role, Status
from pairpad.collab.presence import Participant
from pairpad.collab.sequencer import Failed, checked_text
from pairpad.collab.service import Collaboration
from pairpad.rooms import repository
from pairpad.rooms.access import RoomAccess, hash_host_key, new_host_key
from pairpad.rooms.exceptions import InvalidCode
from pairpad.rooms.ids import new_room_id
from pairpad.rooms.models import Room
from pairpad.rooms.schemas import RoomCreate, RoomCreated, RoomRead, RoomUpdate

API_AUTHOR = Participant(id="api", name="REST API", color="#6b7280")


def _checked_text(code: str, limit: int) -> str:
    """The text as a room holds it, refused as `invalid_code` (the REST name of the error)."""
    try:
        return checked_text(code, limit).text
    except InvalidChangeError as exc:
        raise InvalidCode(exc.message) from None


async def create_room(
    session: AsyncSession, collab: Collaboration, data: RoomCreate, max_chars: int
) -> RoomCreated:
    code = _checked_text(data.code, max_chars)
    host_key = new_host_key()
    room_id = new_room_id()
    async with session.begin():
        room = await repository.add_room(
            session,
            Room(
                id=room_id,
                edit_id=room_id,
                view_id=new_room_id(),
                host_key_hash=hash_host_key(host_key),
                name=data.name,
                language=data.language,
                status=Status.ACTIVE,
            ),
        )
        # Its text at version 0, where its history starts.
        await text_repository.save_snapshot(session, room.id, 0, code)
    read = await read_room(session, collab, RoomAccess(room, room.edit_id, Role.HOST))
    return RoomCreated(**read.model_dump(), host_key=host_key)


async def existing_room(session: AsyncSession, room_id: str) -> Room:
    room = await repository.get_room(session, room_id)
    if room is None:
        raise RoomNotFound(room_id)
    return room


async def read_room(session: AsyncSession, collab: Collaboration, access: RoomAccess) -> RoomRead:
    """The room as the caller may see it: a viewer learns only the view link."""
    room = access.room
    code, version = await collab.current_text(room.id)
    last_edit = await text_repository.last_update_at(session, room.id)
    link = room.view_id if access.role is Role.VIEWER else room.edit_id
    return RoomRead(
        room_id=link,
        id=link,
        url=f"/room/{link}",
        view_id=room.view_id,
        view_url=f"/room/{room.view_id}",
        role=access.role,
        status=Status(room.status),
        name=room.name,
        language=room.language,
        code=code,
        version=version,
        created_at=room.created_at,
        updated_at=max(room.updated_at, last_edit) if last_edit else room.updated_at,
        participant_count=len(await collab.participants(room.id)),
    )


async def update_room(
    session: AsyncSession,
    collab: Collaboration,
    access: RoomAccess,
    data: RoomUpdate,
    max_chars: int,
) -> RoomRead:
    if data.status is not None:
        access.require_host("end or reopen the interview")
    if data.code is not None or data.name or data.language:
        access.require_edit()
    room = access.room
    if data.code is not None:
        _checked_text(data.code, max_chars)
        async with collab.holding(room.id) as live:
            outcome = await collab.replace(live, API_AUTHOR, data.code, data.base_version)
        if isinstance(outcome, Failed):
            raise outcome.error
    await collab.change_room(
        room.id, name=data.name, language=data.language, status=data.status, by=API_AUTHOR.id
    )
    return await reread_room(session, collab, access)


async def reread_room(session: AsyncSession, collab: Collaboration, access: RoomAccess) -> RoomRead:
    """The room as it is after a change, for the same caller."""
    async with session.begin():
        room = await existing_room(session, access.room.id)
        await session.refresh(room)
    return await read_room(session, collab, RoomAccess(room, access.link, access.role))


async def delete_room(session: AsyncSession, collab: Collaboration, access: RoomAccess) -> None:
    access.require_host("delete the room")
    async with session.begin():
        await repository.delete_room(session, access.room.id)
    await collab.room_deleted(access.room.id)


async def rotate_edit_link(
    session: AsyncSession, collab: Collaboration, access: RoomAccess
) -> RoomRead:
    """A new edit link; the old one stops admitting anyone, and its editors are sent away."""
    access.require_host("rotate the edit link")
    old = access.room.edit_id
    async with session.begin():
        await repository.update_room_fields(session, access.room.id, edit_id=new_room_id())
    collab.revoke_link(access.room.id, old)
    return await reread_room(session, collab, access)


async def rotate_host_key(session: AsyncSession, room: Room) -> str:
    """A new host key for the room (the operator's `pairpad host-key`); the old one stops."""
    key = new_host_key()
    async with session.begin():
        await repository.update_room_fields(session, room.id, host_key_hash=hash_host_key(key))
    return key
