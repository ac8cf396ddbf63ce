"""The open rooms of this process: loading, joining, changing and closing them."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pairpad.collab.changes import Document
from pairpad.collab.hub import Hub, Peer
from pairpad.collab.live_room import (
    LiveRoom,
    Outcome,
    Participant,
    RoomGone,
    Submission,
)
from pairpad.collab.protocol import CloseCode, frame
from pairpad.config import Settings
from pairpad.metrics import COMMIT_RETRIES, COMMIT_SECONDS, UPDATES
from pairpad.rooms import repository
from pairpad.rooms.exceptions import RoomNotFound
from pairpad.rooms.repository import LoggedUpdate

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)


class RoomFull(Exception):
    pass


class Collaboration:
    """Owns every open room of this process and the path each change takes to the database."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], hub: Hub, settings: Settings
    ) -> None:
        self._sessionmaker = sessionmaker
        self._hub = hub
        self._settings = settings
        self._rooms: dict[str, LiveRoom] = {}
        self._opening: dict[str, asyncio.Task[LiveRoom]] = {}

    @property
    def open_rooms(self) -> int:
        return len(self._rooms)

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
        async with self._sessionmaker() as session:
            row = await repository.get_room(session, room_id)
            if row is None:
                raise RoomNotFound(room_id)
            tail = await repository.updates_after(session, room_id, row.version)
        document = Document.from_text(row.code)
        for item in tail:
            document = document.apply(item.changes)
        room = LiveRoom(
            room_id,
            row.name,
            row.language,
            document,
            tail[-1].version if tail else row.version,
            row.version,
            hub=self._hub,
            commit=self._commit,
            snapshot_interval=self._settings.snapshot_interval,
            max_document_chars=self._settings.max_document_chars,
            recent_kept=self._settings.recent_updates_kept,
            inbox_size=self._settings.room_inbox_size,
        )
        self._rooms[room_id] = room
        return room

    @asynccontextmanager
    async def holding(self, room_id: str) -> AsyncIterator[LiveRoom]:
        """Keep the room open for the duration of a REST call."""
        room = await self.open(room_id)
        room.holds += 1
        try:
            yield room
        finally:
            room.holds -= 1
            await self._close_if_unused(room)

    async def connect(
        self, room_id: str, peer: Peer, name: str, since: int | None
    ) -> tuple[LiveRoom, Participant]:
        """Join the room as a participant; raises RoomNotFound or RoomFull."""
        room = await self.open(room_id)
        room.holds += 1
        try:
            if len(room.participants) >= self._settings.max_participants:
                raise RoomFull
            older = await self._older_updates(room, since)
            participant = Participant(peer.id, name, room.pick_color())
            room.join(peer, participant, since, older)
        finally:
            room.holds -= 1
        return room, participant

    async def _older_updates(self, room: LiveRoom, since: int | None) -> list[LoggedUpdate]:
        """Updates after `since` that memory no longer holds; the rest comes from the room."""
        while since is not None and not room.covers(since):
            until = room.version
            async with self._sessionmaker() as session:
                older = await repository.updates_after(session, room.id, since, until)
            if room.covers(until):
                return older
        return []

    async def disconnect(self, room: LiveRoom, peer: Peer) -> None:
        room.leave(peer)
        await self._close_if_unused(room)

    def push(
        self, room: LiveRoom, author: Participant, version: int, updates: Sequence[tuple[str, Any]]
    ) -> asyncio.Future[Outcome]:
        return room.submit(Submission(author, updates=updates, version=version))

    def replace(self, room: LiveRoom, author: Participant, code: str) -> asyncio.Future[Outcome]:
        return room.submit(Submission(author, replacement=code))

    def share_cursor(self, room: LiveRoom, author: Participant, cursor: dict[str, Any]) -> None:
        self._hub.publish(room.id, frame("cursor", userId=author.id, **cursor), exclude=author.id)

    async def change_room(
        self,
        room_id: str,
        *,
        name: str | None = None,
        language: str | None = None,
        by: str | None = None,
    ) -> None:
        """Store a new name or language and tell everyone in the room."""
        fields = {key: value for key, value in (("name", name), ("language", language)) if value}
        if not fields:
            return
        async with self._sessionmaker() as session, session.begin():
            if await repository.get_room(session, room_id) is None:
                raise RoomNotFound(room_id)
            await repository.update_room_fields(session, room_id, **fields)
        room = self._rooms.get(room_id)
        if name:
            if room is not None:
                room.name = name
            self._hub.publish(room_id, frame("rename", name=name, userId=by))
        if language:
            if room is not None:
                room.language = language
            self._hub.publish(room_id, frame("language", language=language, userId=by))

    def participant_count(self, room_id: str) -> int:
        room = self._rooms.get(room_id)
        return len(room.participants) if room is not None else 0

    async def current_text(self, room_id: str) -> tuple[str, int]:
        """The room's text and version now, from memory when it is open."""
        async with self.holding(room_id) as room:
            return room.document.text, room.version

    async def room_deleted(self, room_id: str) -> None:
        """Send everyone in a deleted room away and forget it."""
        self._hub.close_room(room_id, CloseCode.ROOM_NOT_FOUND, "room deleted")
        room = self._rooms.pop(room_id, None)
        if room is not None:
            await room.stop()

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

    async def _close_if_unused(self, room: LiveRoom) -> None:
        if not room.in_use and self._rooms.get(room.id) is room:
            await self._close(room)

    async def _close(self, room: LiveRoom) -> None:
        if self._rooms.get(room.id) is room:
            del self._rooms[room.id]
        await room.stop()
        if room.broken or room.version <= room.snapshot_version:
            return
        try:
            async with (
                asyncio.timeout(self._settings.commit_timeout_seconds),
                self._sessionmaker() as session,
                session.begin(),
            ):
                await repository.save_snapshot(session, room.id, room.document.text, room.version)
        except (DBAPIError, OSError, TimeoutError):
            logger.warning("room %s: closing snapshot not stored; the log still has it", room.id)

    async def _commit(
        self, room_id: str, updates: Sequence[LoggedUpdate], snapshot: Document | None, version: int
    ) -> None:
        """Store updates (and maybe a snapshot) in one transaction, retrying through outages."""
        with COMMIT_SECONDS.time():
            await self._commit_with_retries(room_id, updates, snapshot, version)
        UPDATES.inc(len(updates))

    async def _commit_with_retries(
        self, room_id: str, updates: Sequence[LoggedUpdate], snapshot: Document | None, version: int
    ) -> None:
        attempt = 0
        while True:
            try:
                async with (
                    asyncio.timeout(self._settings.commit_timeout_seconds),
                    self._sessionmaker() as session,
                    session.begin(),
                ):
                    await repository.append_updates(session, room_id, updates)
                    if snapshot is not None:
                        await repository.save_snapshot(
                            session, room_id, snapshot.text, version, keep=True
                        )
                return
            except IntegrityError:
                if await self._already_stored(room_id, updates):
                    return
                raise
            except (DBAPIError, OSError, TimeoutError) as exc:
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
                attempt += 1
                COMMIT_RETRIES.inc()
                logger.warning(
                    "room %s: commit of v%d..v%d failed (%s); retrying in %.2fs",
                    room_id,
                    updates[0].version,
                    updates[-1].version,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)

    async def _already_stored(self, room_id: str, updates: Sequence[LoggedUpdate]) -> bool:
        """After a commit whose answer was lost: are exactly these updates in the log?"""
        async with self._sessionmaker() as session:
            if await repository.get_room(session, room_id) is None:
                raise RoomGone
            stored = await repository.updates_after(
                session, room_id, updates[0].version - 1, updates[-1].version
            )
        return [(u.version, u.client_id, u.changes) for u in stored] == [
            (u.version, u.client_id, u.changes) for u in updates
        ]
