"""The worker that orders one room's changes.

Every change to a room's text, from a WebSocket push, a `code_update` or the REST API, waits
here. The worker takes whatever waits as one batch. Updates that other instances stored come
first, in version order, gaps filled from the database. Then the batch is put in order
(collab/sequencer.py), the accepted updates are stored in one transaction (group commit) and
only then broadcast, so nothing is shown before it is durable.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pairpad.collab.batching import Batcher, Request
from pairpad.collab.exceptions import ChangeNotStored, ChangesRefused, RoomBusy, RoomDeleted
from pairpad.collab.protocol import CloseCode, cursor_key
from pairpad.collab.repository import LoggedUpdate
from pairpad.collab.room_text import RoomText
from pairpad.collab.sequencer import (
    Committed,
    Failed,
    Limits,
    Rejected,
    Sequenced,
    Submission,
    estimated_cost,
    sequence,
)
from pairpad.collab.store import RoomGone, RoomStore, Unstorable, VersionTaken
from pairpad.config import Settings

logger = logging.getLogger(__name__)

INLINE_COST = 2_000
"""Batches costing more are put in order in a worker thread, so the event loop keeps serving
others (the interpreter hands it the lock every few milliseconds)."""


@dataclass(slots=True)
class _Arrived(Request[None]):
    """Updates another instance stored and published, or a cursor that follows them."""

    event: dict[str, Any]
    raw: str


@dataclass(slots=True)
class _LookInDatabase(Request[None]):
    """Updates may have been stored elsewhere without their message reaching this instance."""


_Work = Submission | _Arrived | _LookInDatabase


@dataclass(frozen=True, slots=True)
class RoomOutlet:
    """How the worker reaches the room's people."""

    deliver: Callable[..., None]
    """To this instance's connections (Occupants.deliver)."""
    broadcast: Callable[[str], None]
    """To everyone, on every instance."""
    close: Callable[[int, str], None]
    """Close this instance's connections: the room must be reloaded, or is gone."""


class RoomWorker:
    def __init__(
        self,
        room_id: str,
        text: RoomText,
        outlet: RoomOutlet,
        *,
        store: RoomStore,
        settings: Settings,
        on_idle: Callable[[], None],
    ) -> None:
        self._room_id = room_id
        self._text = text
        self._outlet = outlet
        self._store = store
        self._settings = settings
        self._limits = Limits.from_settings(settings)
        self.broken = False
        """Memory and the stored log may disagree: the room must be loaded anew."""
        self._work: Batcher[_Work] = Batcher(self._handle, f"room-{room_id}", on_idle)

    @property
    def busy(self) -> bool:
        return self._work.busy

    def submit(self, submission: Submission) -> asyncio.Future[Any]:
        if self._work.waiting >= self._settings.room_inbox_size:
            submission.succeed(Failed(RoomBusy()))
        else:
            self._work.add(submission)
        return submission.done

    def arrived(self, event: dict[str, Any], raw: str) -> None:
        """Stored updates, or a cursor, that another instance published."""
        self._work.add(_Arrived(event, raw))

    def look_in_database(self) -> None:
        self._work.add(_LookInDatabase())

    async def drained(self) -> None:
        await self._work.drained()

    async def stop(self) -> None:
        await self._work.close()

    async def _handle(self, batch: list[_Work]) -> None:
        arrived = [item for item in batch if isinstance(item, _Arrived)]
        behind = any(isinstance(item, _LookInDatabase) for item in batch)
        submissions = [item for item in batch if isinstance(item, Submission)]
        try:
            await self._absorb(arrived, behind)
            if submissions:
                await self._process(submissions)
        except Exception:
            # The stored log and this memory may now disagree: send everyone away to
            # reconnect, which reloads the room from the database.
            logger.exception("room %s: batch of %d changes failed", self._room_id, len(submissions))
            for submission in submissions:
                submission.succeed(Failed(ChangeNotStored()))
            self.broken = True
            self._outlet.close(CloseCode.TRY_AGAIN_LATER, "room reloading")

    async def _absorb(self, arrived: list[_Arrived], behind: bool) -> None:
        """Apply updates stored by other instances, in order, filling gaps from the database;
        cursors that came with them go out after the updates before them."""
        text, deliver = self._text, self._outlet.deliver
        held: list[tuple[str, str]] = []
        for item in arrived:
            event = item.event
            if event["type"] == "cursor":
                if behind:
                    held.append((item.raw, event["userId"]))
                else:
                    deliver(item.raw, replaces=cursor_key(event["userId"]))
                continue
            first = event["version"]
            if behind or first > text.version:
                behind = True  # the database read below brings these too
                continue
            fresh = event["updates"][text.version - first :]
            self._take_stored(
                [
                    LoggedUpdate(text.version + offset + 1, update["clientID"], update["changes"])
                    for offset, update in enumerate(fresh)
                ]
            )
        if behind:
            self._take_stored(await self._store.missed_updates(self._room_id, text.version))
        for raw, user_id in held:
            deliver(raw, replaces=cursor_key(user_id))

    def _take_stored(self, updates: list[LoggedUpdate]) -> None:
        announced = self._text.take_stored(updates)
        if announced is not None:
            self._outlet.deliver(announced)

    async def _process(self, batch: list[Submission]) -> None:
        text = self._text
        while True:
            sequenced = await self._sequenced(batch)
            outcomes = sequenced.outcomes
            if not sequenced.accepted:
                break
            snapshot = None
            if sequenced.version - text.snapshot_version >= self._settings.snapshot_interval:
                snapshot = sequenced.document
            try:
                await self._store.commit(self._room_id, sequenced.accepted, snapshot)
            except VersionTaken:
                missed = await self._store.missed_updates(self._room_id, text.version)
                if not missed:
                    raise
                self._take_stored(missed)
                continue
            except RoomGone:
                for submission in batch:
                    submission.succeed(Failed(RoomDeleted()))
                self._outlet.close(CloseCode.ROOM_NOT_FOUND, "room deleted")
                return
            except Unstorable:
                refused = Failed(ChangesRefused())
                outcomes = [
                    (submission, refused if isinstance(outcome, Committed) else outcome)
                    for submission, outcome in outcomes
                ]
                break
            if snapshot is not None:
                text.snapshot_version = sequenced.version
            self._outlet.broadcast(text.advance(sequenced.document, sequenced.accepted))
            break
        for submission, outcome in outcomes:
            submission.succeed(Rejected(text.version) if isinstance(outcome, Rejected) else outcome)

    async def _sequenced(self, batch: list[Submission]) -> Sequenced:
        """The batch put in order; a costly one in a worker thread, off the event loop."""
        text = self._text
        work = (text.document, text.version, text.recent, batch, self._limits)
        cost = sum(estimated_cost(item, text.version, self._limits) for item in batch)
        return await asyncio.to_thread(sequence, *work) if cost > INLINE_COST else sequence(*work)
