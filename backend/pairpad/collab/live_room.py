"""One open room: its text and version, who is in it, and the worker that orders its changes.

Every change to a room's text, from a WebSocket push, a `code_update` or the REST API, waits
here. The worker takes whatever waits as one batch, puts it in order (collab/sequencer.py),
stores the accepted updates in one transaction (group commit) and only then broadcasts them,
so nothing is shown before it is durable. Updates stored by other server instances reach the
same worker and are applied in version order, gaps filled from the database. Joining reads the
text and registers the connection with no await in between, so a newcomer's welcome and the
broadcasts that follow neither overlap nor leave a gap.
"""

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pairpad.collab.batching import Batcher, Request
from pairpad.collab.exceptions import ChangeNotStored, ChangesRefused, RoomBusy, RoomNotFound
from pairpad.collab.fanout import Fanout
from pairpad.collab.peer import Peer
from pairpad.collab.presence import Occupants, Participant
from pairpad.collab.protocol import CloseCode, cursor_key, message
from pairpad.collab.recent import RecentLog
from pairpad.collab.records import RoomRecord
from pairpad.collab.repository import LoggedUpdate
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
from pairpad.collab.store import LoadedText, RoomGone, RoomStore, Unstorable, VersionTaken
from pairpad.config import Settings
from pairpad.text.document import Document

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


class LiveRoom:
    def __init__(
        self,
        room_id: str,
        record: RoomRecord,
        text: LoadedText,
        *,
        fanout: Fanout,
        store: RoomStore,
        settings: Settings,
        on_idle: Callable[["LiveRoom"], None],
    ) -> None:
        self.id = room_id
        self.name = record.name
        self.language = record.language
        self.document = text.document
        self.version = text.version
        self.snapshot_version = text.snapshot_version
        self.occupants = Occupants()
        self.holds = 0
        self.broken = False
        self._bus = fanout.bus
        self._presence = fanout.presence
        self._store = store
        self._settings = settings
        self._on_idle = on_idle
        self._recent = RecentLog(settings.recent_updates_kept, settings.recent_cost_kept)
        self._limits = Limits.from_settings(settings)
        self._work: Batcher[_Work] = Batcher(self._handle, f"room-{room_id}", self._went_idle)

    @property
    def in_use(self) -> bool:
        return bool(self.occupants) or self.holds > 0 or self._work.busy

    def join(
        self, peer: Peer, participant: Participant, since: int | None, older: Sequence[LoggedUpdate]
    ) -> None:
        """Register the connection and send its welcome, atomically with respect to broadcasts."""
        welcome: dict[str, Any] = {
            "you": participant.as_json(),
            "room": {
                "id": self.id,
                "name": self.name,
                "language": self.language,
                "version": self.version,
                "doc": self.document.text,
            },
            "participants": [p.as_json() for p in self.occupants.everyone],
        }
        if since is not None and since <= self.version:
            caught_up = [*older, *self.recent_after(older[-1].version if older else since)]
            welcome["updates"] = [item.as_json() for item in caught_up]
        self.occupants.add(peer, participant)
        # Recorded before it is announced, so an instance that hears of it finds it recorded.
        self._presence.changed(self.id)
        self.broadcast(message("participant_joined", user=participant.as_json()), exclude=peer.id)
        peer.send(message("welcome", **welcome))

    def leave(self, peer: Peer) -> None:
        if self.occupants.remove(peer) is not None:
            self._presence.changed(self.id)
            self.broadcast(message("participant_left", userId=peer.id))

    def broadcast(self, text: str, exclude: str | None = None, replaces: str | None = None) -> None:
        """Send to everyone in the room, on every instance (`exclude` and `replaces` apply to
        this instance's connections: see Occupants.deliver)."""
        self.occupants.deliver(text, exclude, replaces)
        self._bus.publish(self.id, text)

    def close_connections(self, code: int, reason: str) -> None:
        self.occupants.close_all(code, reason)

    def covers(self, since: int) -> bool:
        """Whether the updates after `since` are all still held in memory."""
        return self._recent.covers(since, self.version)

    def recent_after(self, version: int) -> list[LoggedUpdate]:
        return self._recent.after(version)

    def submit(self, submission: Submission) -> asyncio.Future[Any]:
        if self._work.waiting >= self._settings.room_inbox_size:
            submission.succeed(Failed(RoomBusy()))
        else:
            self._work.add(submission)
        return submission.done

    # What the room hears from other instances (collab/fanout.py's RoomEvents).

    def message_arrived(self, event: dict[str, Any], raw: str) -> None:
        occupants = self.occupants
        match event.get("type"):
            case "updates" | "cursor":
                # A cursor names a version: it goes out after the updates published before it.
                self._work.add(_Arrived(event, raw))
                return
            case "room_deleted":
                self.broken = True
                self.close_connections(CloseCode.ROOM_NOT_FOUND, "room deleted")
                return
            case "participant_joined":
                if not occupants.elsewhere.joined(Participant(**event["user"])):
                    return
            case "participant_left":
                if not occupants.elsewhere.left(event["userId"]):
                    return
            case "language":
                self.language = event["language"]
            case "rename":
                self.name = event["name"]
        occupants.deliver(raw)

    def look_for_missed_updates(self) -> None:
        self._work.add(_LookInDatabase())

    def presence_read(self, people: list[dict[str, str]]) -> None:
        self.occupants.reconcile(people)

    def people_gone(self, people_ids: list[str]) -> None:
        for participant_id in people_ids:
            left = message("participant_left", userId=participant_id)
            if self.occupants.elsewhere.left(participant_id):
                self.occupants.deliver(left)
            self._bus.publish(self.id, left)

    async def drained(self) -> None:
        await self._work.drained()

    async def stop(self) -> None:
        await self._work.close()

    def _went_idle(self) -> None:
        if not self.in_use:
            self._on_idle(self)

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
            logger.exception("room %s: batch of %d changes failed", self.id, len(submissions))
            for submission in submissions:
                submission.succeed(Failed(ChangeNotStored()))
            self.broken = True
            self.close_connections(CloseCode.TRY_AGAIN_LATER, "room reloading")

    async def _absorb(self, arrived: list[_Arrived], behind: bool) -> None:
        """Apply updates stored by other instances, in order, filling gaps from the database;
        cursors that came with them go out after the updates before them."""
        held: list[tuple[str, str]] = []
        for item in arrived:
            event = item.event
            if event["type"] == "cursor":
                if behind:
                    held.append((item.raw, event["userId"]))
                else:
                    self.occupants.deliver(item.raw, replaces=cursor_key(event["userId"]))
                continue
            first = event["version"]
            if behind or first > self.version:
                behind = True  # the database read below brings these too
                continue
            fresh = event["updates"][self.version - first :]
            self._apply_stored(
                [
                    LoggedUpdate(self.version + offset + 1, update["clientID"], update["changes"])
                    for offset, update in enumerate(fresh)
                ]
            )
        if behind:
            self._apply_stored(await self._store.missed_updates(self.id, self.version))
        for raw, user_id in held:
            self.occupants.deliver(raw, replaces=cursor_key(user_id))

    def _apply_stored(self, updates: list[LoggedUpdate]) -> None:
        """Take in updates already in the database and show them to this instance's people."""
        if not updates:
            return
        document = self.document
        for item in updates:
            document = document.apply(item.changes)
        self.occupants.deliver(self._advance(document, updates))

    async def _process(self, batch: list[Submission]) -> None:
        while True:
            sequenced = await self._sequenced(batch)
            outcomes = sequenced.outcomes
            if not sequenced.accepted:
                break
            snapshot = None
            if sequenced.version - self.snapshot_version >= self._settings.snapshot_interval:
                snapshot = sequenced.document
            try:
                await self._store.commit(self.id, sequenced.accepted, snapshot)
            except VersionTaken:
                missed = await self._store.missed_updates(self.id, self.version)
                if not missed:
                    raise
                self._apply_stored(missed)
                continue
            except RoomGone:
                for submission in batch:
                    submission.succeed(Failed(RoomNotFound(self.id)))
                self.close_connections(CloseCode.ROOM_NOT_FOUND, "room deleted")
                return
            except Unstorable:
                refused = Failed(ChangesRefused())
                outcomes = [
                    (submission, refused if isinstance(outcome, Committed) else outcome)
                    for submission, outcome in outcomes
                ]
                break
            if snapshot is not None:
                self.snapshot_version = sequenced.version
            self.broadcast(self._advance(sequenced.document, sequenced.accepted))
            break
        for submission, outcome in outcomes:
            submission.succeed(Rejected(self.version) if isinstance(outcome, Rejected) else outcome)

    async def _sequenced(self, batch: list[Submission]) -> Sequenced:
        """The batch put in order; a costly one in a worker thread, off the event loop."""
        work = (self.document, self.version, self._recent, batch, self._limits)
        cost = sum(estimated_cost(item, self.version, self._limits) for item in batch)
        return await asyncio.to_thread(sequence, *work) if cost > INLINE_COST else sequence(*work)

    def _advance(self, document: Document, updates: list[LoggedUpdate]) -> str:
        """Move to the text after `updates` and return the `updates` message announcing them."""
        first_version = self.version
        self.document, self.version = document, updates[-1].version
        self._recent.add_batch(updates)
        return message("updates", version=first_version, updates=[u.as_json() for u in updates])
