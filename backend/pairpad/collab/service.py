"""The open rooms of this process: loading, joining, changing and closing them."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from pairpad.collab.exceptions import RoomFull, RoomNotFound
from pairpad.collab.fanout import Fanout
from pairpad.collab.live_room import LiveRoom
from pairpad.collab.peer import Peer
from pairpad.collab.permissions import Role, Status
from pairpad.collab.presence import Participant
from pairpad.collab.protocol import cursor_key, message
from pairpad.collab.rebase import TieBreak
from pairpad.collab.records import RoomRecords
from pairpad.collab.repository import LoggedUpdate
from pairpad.collab.sequencer import Outcome, Submission
from pairpad.collab.store import RoomStore
from pairpad.config import Settings

logger = logging.getLogger(__name__)


class Collaboration:
    """Owns every open room of this process and the path each change takes to the database.

    It is also what the bus and the presence record see of this instance (fanout.OpenRooms).
    """

    def __init__(
        self,
        engine: AsyncEngine,
        sessionmaker: async_sessionmaker[AsyncSession],
        fanout: Fanout,
        settings: Settings,
        records: RoomRecords,
    ) -> None:
        self._records = records
        self._fanout = fanout
        self._settings = settings
        self._store = RoomStore(engine, sessionmaker, settings.commit_timeout_seconds)
        self._rooms: dict[str, LiveRoom] = {}
        self._opening: dict[str, asyncio.Task[LiveRoom]] = {}
        self._closing: set[asyncio.Task[None]] = set()

    @property
    def open_rooms(self) -> int:
        return len(self._rooms)

    def room_events(self, room_id: str) -> LiveRoom | None:
        return self._rooms.get(room_id)

    def open_room_ids(self) -> list[str]:
        return list(self._rooms)

    def people_here(self, room_id: str) -> list[dict[str, str]]:
        room = self._rooms.get(room_id)
        return room.occupants.people_here() if room else []

    async def open(self, room_id: str) -> LiveRoom:
        """The live room, loaded from its snapshot and log tail if it is not open yet."""
        room = self._rooms.get(room_id)
        if room is not None and not room.broken:
            return room
        if room is not None:
            await self._close(room)
        task = self._opening.get(room_id)
        if task is None:
            task = asyncio.create_task(self._load(room_id))
            self._opening[room_id] = task
            task.add_done_callback(lambda _: self._opening.pop(room_id, None))
        return await asyncio.shield(task)

    async def _load(self, room_id: str) -> LiveRoom:
        record = await self._records.find(room_id)
        if record is None:
            raise RoomNotFound(room_id)
        room = LiveRoom(
            room_id,
            record,
            await self._store.load(room_id),
            fanout=self._fanout,
            store=self._store,
            settings=self._settings,
            on_idle=self._close_soon,
        )
        self._rooms[room_id] = room
        try:
            # Listen first, then look again: nothing stored elsewhere in between is missed.
            await self._fanout.bus.listen(room_id)
            for user in await self._fanout.presence.elsewhere(room_id):
                room.occupants.elsewhere.joined(Participant(**user))
        except Exception:
            await self._close(room)
            raise
        room.look_for_missed_updates()
        return room

    @asynccontextmanager
    async def holding(self, room_id: str) -> AsyncIterator[LiveRoom]:
        """Keep the room open for the duration of a REST call."""
        room = await self._hold(room_id)
        try:
            yield room
        finally:
            room.holds -= 1
            await self._close_if_unused(room)

    async def _hold(self, room_id: str) -> LiveRoom:
        """Open the room and keep it from closing until `holds` is decreased again.

        A room can go idle and close between being opened and being held (its worker finished
        loading with nobody inside yet); such a room is opened anew rather than joined dead.
        """
        while True:
            room = await self.open(room_id)
            if self._rooms.get(room_id) is room:
                room.holds += 1
                return room

    async def connect(
        self, link: str, host_key: str | None, peer: Peer, name: str, since: int | None
    ) -> tuple[LiveRoom, Participant]:
        """Join the room that `link` leads to, with the role it gives; raises RoomNotFound,
        RoomFull or Forbidden (a host key that is not the room's)."""
        access = await self._records.resolve(link, host_key)
        if access is None:
            raise RoomNotFound(link)
        room = await self._hold(access.room_id)
        try:
            self._check_capacity(room, access.role)
            older = await self._older_updates(room, since)
            participant = Participant(peer.id, name, room.occupants.pick_color(), access.role)
            room.join(peer, participant, access.link, since, older)
        finally:
            room.holds -= 1
        return room, participant

    def _check_capacity(self, room: LiveRoom, role: Role) -> None:
        """Viewers and editors each have a cap; the host always gets in."""
        if role is Role.HOST:
            return
        limit = (
            self._settings.max_viewers if role is Role.VIEWER else self._settings.max_participants
        )
        if room.occupants.count(role) >= limit:
            raise RoomFull(limit)

    async def _older_updates(self, room: LiveRoom, since: int | None) -> list[LoggedUpdate]:
        """Updates after `since` that memory no longer holds; the rest comes from the room."""
        text = room.text
        while since is not None and not text.covers(since):
            until = text.version
            older = await self._store.updates_after(room.id, since, until)
            if text.covers(until):
                return older
        return []

    async def disconnect(self, room: LiveRoom, peer: Peer) -> None:
        room.leave(peer)
        await self._close_if_unused(room)

    def push(
        self,
        room: LiveRoom,
        author: Participant,
        version: int,
        updates: Sequence[tuple[str, Any]],
        *,
        rebase: bool = False,
        tie_break: TieBreak = "arrival",
    ) -> asyncio.Future[Outcome]:
        return room.submit(
            Submission(author, updates=updates, version=version, rebase=rebase, tie_break=tie_break)
        )

    def replace(
        self, room: LiveRoom, author: Participant, code: str, base_version: int | None = None
    ) -> asyncio.Future[Outcome]:
        """Replace the whole text; with `base_version`, only if the text is still at it."""
        return room.submit(Submission(author, replacement=code, base_version=base_version))

    def share_cursor(self, room: LiveRoom, author: Participant, cursor: dict[str, Any]) -> None:
        room.broadcast(
            message("cursor", userId=author.id, **cursor),
            exclude=author.id,
            replaces=cursor_key(author.id),
        )

    async def change_room(
        self,
        room_id: str,
        *,
        name: str | None = None,
        language: str | None = None,
        status: Status | None = None,
        by: str | None = None,
    ) -> None:
        """Store a new name, language or status and tell everyone in the room."""
        if not (name or language or status):
            return
        if not await self._records.change(room_id, name=name, language=language, status=status):
            raise RoomNotFound(room_id)
        room = self._rooms.get(room_id)
        if name:
            if room is not None:
                room.name = name
            self.broadcast(room_id, message("rename", name=name, userId=by))
        if language:
            if room is not None:
                room.language = language
            self.broadcast(room_id, message("language", language=language, userId=by))
        if status:
            if room is not None:
                room.status = status
            self.broadcast(room_id, message("status", status=status, userId=by))

    def broadcast(self, room_id: str, text: str) -> None:
        """Send to everyone in the room, on every instance, whether or not it is open here."""
        room = self._rooms.get(room_id)
        if room is not None:
            room.broadcast(text)
        else:
            self._fanout.bus.publish(room_id, text)

    async def participants(self, room_id: str) -> list[dict[str, str]]:
        """Who is connected to the room now, on every instance."""
        room = self._rooms.get(room_id)
        if room is not None:
            return [participant.as_json() for participant in room.occupants.everyone]
        return await self._fanout.presence.elsewhere(room_id)

    def remove(self, room: LiveRoom, person: str) -> None:
        """Close a participant's connection (the host's `remove`), wherever it is."""
        room.remove(person)

    def revoke_link(self, room_id: str, link: str) -> None:
        """`link` no longer admits anyone: close the connections that came through it."""
        room = self._rooms.get(room_id)
        if room is not None:
            room.revoke(link)
        else:
            self._fanout.bus.publish(room_id, message("link_revoked", link=link))

    async def current_text(self, room_id: str) -> tuple[str, int]:
        """The room's text and version now, from memory when it is open."""
        async with self.holding(room_id) as room:
            return room.text.document.text, room.text.version

    async def room_deleted(self, room_id: str) -> None:
        """Send everyone in a deleted room away, on every instance, and forget it."""
        self._fanout.bus.publish(room_id, message("room_deleted"))
        room = self._rooms.get(room_id)
        if room is not None:
            room.deleted()
            await self._close(room)

    async def shutdown(self, grace_seconds: float = 10.0) -> None:
        """Let queued changes commit (for a while), store snapshots, then stop the workers.

        Changes still unstored at the end were never confirmed: their editors re-send them.
        """
        rooms = list(self._rooms.values())
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace_seconds):
                await asyncio.gather(*(room.drained() for room in rooms))
        for room in rooms:
            await self._close(room)
        await self._store.close()

    def _close_soon(self, room: LiveRoom) -> None:
        """The room's worker went idle with nobody inside: close it (it cannot await itself)."""
        task = asyncio.create_task(self._close_if_unused(room))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _close_if_unused(self, room: LiveRoom) -> None:
        if not room.in_use and self._rooms.get(room.id) is room:
            await self._close(room)

    async def _close(self, room: LiveRoom) -> None:
        if self._rooms.get(room.id) is room:
            del self._rooms[room.id]
            await self._fanout.bus.stop_listening(room.id)
        await room.stop()
        text = room.text
        if not room.broken and text.version > text.snapshot_version:
            await self._store.save_latest(room.id, text.document, text.version)
