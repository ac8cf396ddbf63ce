"""Reading a room's past: pages of its log, and its text at any version."""

from sqlalchemy.ext.asyncio import AsyncSession

from pairpad.collab import repository
from pairpad.collab.service import Collaboration
from pairpad.errors import NotFound
from pairpad.history.schemas import HistoryEntry, HistoryPage, VersionText
from pairpad.rooms.access import RoomAccess
from pairpad.text.document import Document


class VersionNotFound(NotFound):
    code = "version_not_found"


async def history_page(session: AsyncSession, room_id: str, since: int, limit: int) -> HistoryPage:
    updates = await repository.updates_after(session, room_id, since, limit=limit)
    return HistoryPage(
        updates=[
            HistoryEntry(
                version=item.version,
                client_id=item.client_id,
                author_name=item.author_name,
                author_color=item.author_color,
                created_at=item.created_at,
                changes=item.changes,
            )
            for item in updates
        ],
        next_since=updates[-1].version if len(updates) == limit else None,
    )


async def text_at(
    session: AsyncSession, collab: Collaboration, access: RoomAccess, version: int
) -> VersionText:
    """The text at `version`: the nearest snapshot at or before it plus the updates after that.
    Errors name the room by the caller's link, never by another."""
    room_id, link = access.room.id, access.link
    current_text, current_version = await collab.current_text(room_id)
    if version > current_version:
        raise VersionNotFound(f"Room {link!r} is at version {current_version}.")
    if version == current_version:
        return VersionText(version=version, code=current_text)
    async with session.begin():
        snapshot = await repository.snapshot_at_or_before(session, room_id, version)
        if snapshot is None:
            raise VersionNotFound(f"Version {version} of room {link!r} predates its history.")
        replay = await repository.updates_after(session, room_id, snapshot.version, version)
    document = Document.from_text(snapshot.code)
    for item in replay:
        document = document.apply(item.changes)
    return VersionText(version=version, code=document.text)
