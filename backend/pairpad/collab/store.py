"""What open rooms need from the database: loading, ordered commits that ride out outages."""

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from pairpad.collab import repository
from pairpad.collab.batching import Batcher, Request
from pairpad.collab.exceptions import RoomNotFound
from pairpad.collab.pg_log import PostgresLog
from pairpad.collab.repository import LoggedUpdate
from pairpad.metrics import COMMIT_RETRIES, COMMIT_SECONDS, UPDATES
from pairpad.text.document import Document

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
DATABASE_ERRORS = (DBAPIError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)
CONSTRAINT_ERRORS = (IntegrityError, asyncpg.IntegrityConstraintViolationError)
OUTAGE_SQLSTATE_CLASSES = frozenset({"08", "25", "40", "53", "55", "57", "58"})
"""Connection lost, read-only (a failover), transaction rolled back (deadlock, serialization),
out of resources, lock not available, operator intervention (shutdown), system error: the
database's state, not the rows."""


def is_outage(error: Exception) -> bool:
    """Whether a database error says the database is away or busy (retry), rather than that it
    refuses these particular rows (retrying would fail forever)."""
    if isinstance(error, asyncpg.PostgresError):
        sqlstate = error.sqlstate
    elif isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        sqlstate = getattr(error.orig, "sqlstate", None)
    else:
        return True  # OSError, TimeoutError, a closed asyncpg connection: the connection
    if sqlstate:
        return sqlstate[:2] in OUTAGE_SQLSTATE_CLASSES
    return isinstance(error, OperationalError | InterfaceError)


def _first_line(error: Exception) -> str:
    return str(error).partition("\n")[0][:200]


class RoomGone(Exception):
    """The room's row no longer exists, so nothing more can be stored for it."""


class VersionTaken(Exception):
    """Another writer stored a different update at one of these versions first."""


class Unstorable(Exception):
    """The database refused these updates themselves (a constraint, an encoding): retrying
    cannot help, and no other room's commit is held back by them."""


@dataclass(frozen=True, slots=True)
class LoadedText:
    document: Document
    version: int
    snapshot_version: int


@dataclass(slots=True)
class _Pending(Request[None]):
    """One room's commit waiting for the next group transaction."""

    room_id: str
    updates: Sequence[LoggedUpdate]
    snapshot: Document | None


@dataclass(slots=True)
class _CatchUp(Request[list[LoggedUpdate]]):
    """One room asking for the updates after its version, with every other room asking now."""

    room_id: str
    version: int


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
        self._postgres_log = PostgresLog(engine) if engine.dialect.name == "postgresql" else None
        self._commits = Batcher(self._write, "group commit")
        self._catch_ups = Batcher(self._read_missed, "group catch-up")

    async def load(self, room_id: str) -> LoadedText:
        """The room's latest snapshot with the log after it applied."""
        async with self._sessionmaker() as session:
            snapshot = await repository.latest_snapshot(session, room_id)
            if snapshot is None:
                raise RoomNotFound(room_id)
            tail = await repository.updates_after(session, room_id, snapshot.version)
        document = Document.from_text(snapshot.code)
        for item in tail:
            document = document.apply(item.changes)
        version = tail[-1].version if tail else snapshot.version
        return LoadedText(document, version, snapshot.version)

    async def updates_after(
        self, room_id: str, version: int, until: int | None = None
    ) -> list[LoggedUpdate]:
        async with self._sessionmaker() as session:
            return await repository.updates_after(session, room_id, version, until)

    async def commit(
        self, room_id: str, updates: Sequence[LoggedUpdate], snapshot: Document | None
    ) -> None:
        """Store updates (and a snapshot), retrying through outages.

        Commits that rooms ask for at the same moment share one transaction, so a server full of
        busy rooms pays for one round of database work rather than one per room. Raises
        VersionTaken when another writer got there first, RoomGone when the room is gone.
        """
        pending = _Pending(room_id, updates, snapshot)
        with COMMIT_SECONDS.time():
            self._commits.add(pending)
            await pending.done
        UPDATES.inc(len(updates))

    async def missed_updates(self, room_id: str, version: int) -> list[LoggedUpdate]:
        """The room's updates after `version`, whoever stored them.

        Open rooms look for what other instances stored all at once (on a timer, and when Redis
        comes back): their questions share one query rather than one each.
        """
        request = _CatchUp(room_id, version)
        self._catch_ups.add(request)
        return await request.done

    async def close(self) -> None:
        await self._commits.close()
        await self._catch_ups.close()
        if self._postgres_log is not None:
            await self._postgres_log.close()

    async def _read_missed(self, batch: list[_CatchUp]) -> None:
        after: dict[str, int] = {}
        for request in batch:
            known = after.get(request.room_id, request.version)
            after[request.room_id] = min(known, request.version)
        async with asyncio.timeout(self._timeout), self._engine.connect() as connection:
            found = await repository.updates_after_each(connection, after)
        for request in batch:
            stored = found.get(request.room_id, [])
            request.succeed([item for item in stored if item.version > request.version])

    async def _write(self, batch: list[_Pending], maybe_stored: bool = False) -> None:
        """Commit the batch, retrying through outages, and settle every room's wait.

        `maybe_stored` means an earlier attempt may have committed without an answer: only then
        can a taken version be the room's own, which costs a look at the log to tell.
        """
        attempt = 0
        while True:
            try:
                lost = await self._write_together(batch)
                break
            except DATABASE_ERRORS as exc:
                if not is_outage(exc):
                    await self._refused(batch, exc, maybe_stored)
                    return
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
                attempt += 1
                maybe_stored = True
                COMMIT_RETRIES.inc()
                logger.warning(
                    "commit of %d rooms' updates failed (%s: %s); retrying in %.2fs",
                    len(batch),
                    type(exc).__name__,
                    _first_line(exc),
                    delay,
                )
                await asyncio.sleep(delay)
        for pending in batch:
            if pending.room_id not in lost:
                pending.succeed(None)
            elif maybe_stored:
                await self._settle_lost(pending)
            else:
                pending.fail(VersionTaken())

    async def _refused(self, batch: list[_Pending], error: Exception, maybe_stored: bool) -> None:
        """The database refused the batch's rows, not the connection: find whose rows they were
        by committing each room alone, so the others still commit and only that room fails."""
        if len(batch) > 1:
            for pending in batch:
                await self._write([pending], maybe_stored)
            return
        pending = batch[0]
        if isinstance(error, CONSTRAINT_ERRORS) and not await self._room_exists(pending.room_id):
            pending.fail(RoomGone())
            return
        logger.error(
            "room %s: %d updates refused by the database (%s: %s)",
            pending.room_id,
            len(pending.updates),
            type(error).__name__,
            _first_line(error),
        )
        pending.fail(Unstorable())

    async def _settle_lost(self, pending: _Pending) -> None:
        """The room's versions were taken: by its own earlier attempt, or by another writer."""
        try:
            stored = await self._already_stored(pending.room_id, pending.updates)
        except RoomGone as exc:
            pending.fail(exc)
            return
        except DATABASE_ERRORS:
            stored = False
        if stored:
            pending.succeed(None)
        else:
            pending.fail(VersionTaken())

    async def _write_together(self, batch: list[_Pending]) -> set[str]:
        """One transaction for the batch; returns the rooms whose versions were taken.

        A room that lost any of its versions keeps none of them; a retry after a commit whose
        answer never came finds its own rows and counts them as stored. On PostgreSQL all of it
        is one call (collab/pg_log.py); SQLite takes the same steps through SQLAlchemy.
        """
        # Rows in one order everywhere: two instances committing for the same rooms then wait
        # for each other in that order, and never deadlock (each deadlock costs a second).
        batch = sorted(batch, key=lambda pending: pending.room_id)
        if self._postgres_log is not None:
            async with asyncio.timeout(self._timeout):
                return await self._postgres_log.append(
                    [(pending.room_id, pending.updates, pending.snapshot) for pending in batch]
                )
        keyed = [(pending.room_id, item) for pending in batch for item in pending.updates]
        async with asyncio.timeout(self._timeout), self._engine.begin() as connection:
            inserted = await repository.insert_new_updates(connection, keyed)
            lost = {room_id for room_id, item in keyed if (room_id, item.version) not in inserted}
            if lost:
                await repository.delete_updates(
                    connection, [key for key in inserted if key[0] in lost]
                )
            for pending in batch:
                if pending.snapshot is not None and pending.room_id not in lost:
                    await repository.save_snapshot(
                        connection,
                        pending.room_id,
                        pending.updates[-1].version,
                        pending.snapshot.text,
                    )
        return lost

    async def _room_exists(self, room_id: str) -> bool:
        async with self._sessionmaker() as session:
            return await repository.has_text(session, room_id)

    async def _already_stored(self, room_id: str, updates: Sequence[LoggedUpdate]) -> bool:
        """After a commit whose answer was lost: are exactly these updates in the log?"""
        async with self._sessionmaker() as session:
            if not await repository.has_text(session, room_id):
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
                await repository.save_snapshot(connection, room_id, version, document.text)
        except DATABASE_ERRORS:
            logger.warning("room %s: closing snapshot not stored; the log still has it", room_id)
