"""What open rooms need from the database: loading, ordered commits that ride out outages."""

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from pairpad.collab.changes import Document
from pairpad.metrics import COMMIT_RETRIES, COMMIT_SECONDS, UPDATES
from pairpad.rooms import repository
from pairpad.rooms.exceptions import RoomNotFound
from pairpad.rooms.repository import LoggedUpdate

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
DATABASE_ERRORS = (DBAPIError, OSError, TimeoutError)


class RoomGone(Exception):
    """The room's row no longer exists, so nothing more can be stored for it."""


class VersionTaken(Exception):
    """Another writer stored a different update at one of these versions first."""


@dataclass(frozen=True, slots=True)
class LoadedRoom:
    name: str
    language: str
    document: Document
    version: int
    snapshot_version: int


class RoomStore:
    def __init__(
        self,
        engine: AsyncEngine,
        sessionmaker: async_sessionmaker[AsyncSession],
        commit_timeout: float,
    ) -> None:
        self._engine = engine
        self._sessionmaker = sessionmaker
        self._timeout = commit_timeout

    async def load(self, room_id: str) -> LoadedRoom:
        """The room's latest snapshot with the log after it applied."""
        async with self._sessionmaker() as session:
            row = await repository.get_room(session, room_id)
            if row is None:
                raise RoomNotFound(room_id)
            tail = await repository.updates_after(session, room_id, row.version)
        document = Document.from_text(row.code)
        for item in tail:
            document = document.apply(item.changes)
        version = tail[-1].version if tail else row.version
        return LoadedRoom(row.name, row.language, document, version, row.version)

    async def updates_after(
        self, room_id: str, version: int, until: int | None = None
    ) -> list[LoggedUpdate]:
        async with self._sessionmaker() as session:
            return await repository.updates_after(session, room_id, version, until)

    async def commit(
        self, room_id: str, updates: Sequence[LoggedUpdate], snapshot: Document | None
    ) -> None:
        """Store updates (and a snapshot) in one transaction, retrying through outages.

        Raises VersionTaken when another writer got there first, RoomGone when the room is gone.
        """
        with COMMIT_SECONDS.time():
            attempt = 0
            while True:
                try:
                    await self._commit_once(room_id, updates, snapshot)
                    break
                except IntegrityError:
                    if await self._already_stored(room_id, updates):
                        break
                    raise VersionTaken from None
                except DATABASE_ERRORS as exc:
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
        UPDATES.inc(len(updates))

    async def _commit_once(
        self, room_id: str, updates: Sequence[LoggedUpdate], snapshot: Document | None
    ) -> None:
        async with asyncio.timeout(self._timeout), self._engine.begin() as connection:
            await repository.append_updates(connection, room_id, updates)
            if snapshot is not None:
                await repository.save_snapshot(
                    connection, room_id, snapshot.text, updates[-1].version, keep=True
                )

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

    async def save_latest(self, room_id: str, document: Document, version: int) -> None:
        """Best effort: the log already holds everything a snapshot would."""
        try:
            async with asyncio.timeout(self._timeout), self._engine.begin() as connection:
                await repository.save_snapshot(connection, room_id, document.text, version)
        except DATABASE_ERRORS:
            logger.warning("room %s: closing snapshot not stored; the log still has it", room_id)
