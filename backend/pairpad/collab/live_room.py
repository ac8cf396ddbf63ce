"""One open room: its text, version, participants and the worker that orders every change.

Every change to a room's text, from a WebSocket push, a `code_update` or the REST API, is queued
here. The worker takes whatever is queued, checks it against the current version (a stale push
is rejected, or rebased over what was stored since when it asks for that), stores the accepted
updates in one transaction (group commit) and only then broadcasts them, so nothing is shown
before it is durable. Updates stored by other server instances reach the same worker and
are applied in version order, gaps filled from the database. Joining reads the text and
registers the peer with no await in between, so a newcomer's welcome and the broadcasts that
follow neither overlap nor leave a gap.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pairpad.collab.changes import Document, InvalidChange, diff_to_changes
from pairpad.collab.cost import INLINE_COST, change_cost, changes_nothing
from pairpad.collab.exceptions import (
    ChangeNotStored,
    ChangesRefused,
    DocumentTooLarge,
    InvalidChangeError,
    RoomBusy,
    RoomNotFound,
    VersionConflict,
)
from pairpad.collab.hub import Hub, Peer
from pairpad.collab.presence import Participant, RemotePresence
from pairpad.collab.protocol import CloseCode, cursor_key, frame
from pairpad.collab.rebase import RebaseTooCostly, rebase_updates
from pairpad.collab.recent import BatchFrame, RecentLog
from pairpad.collab.store import RoomGone, RoomStore, Unstorable, VersionTaken
from pairpad.config import Settings
from pairpad.errors import AppError
from pairpad.metrics import REBASED_PUSHES
from pairpad.rooms.repository import LoggedUpdate

logger = logging.getLogger(__name__)

PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
    "#f032e6", "#9a6324", "#469990", "#800000", "#808000", "#000075",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Committed:
    version: int


@dataclass(frozen=True, slots=True)
class Rejected:
    version: int


@dataclass(frozen=True, slots=True)
class Failed:
    error: AppError


Outcome = Committed | Rejected | Failed


@dataclass(slots=True)
class Submission:
    """A request to change the text: a push at `version`, or a whole-text replacement."""

    author: Participant
    updates: Sequence[tuple[str, Any]] = ()
    version: int | None = None
    rebase: bool = False
    """A push at an older version is moved over the updates since, instead of rejected."""
    replacement: str | None = None
    base_version: int | None = None
    """For a replacement: the version its author read; any other version is a conflict."""
    outcome: asyncio.Future[Outcome] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class LiveRoom:
    def __init__(
        self,
        room_id: str,
        name: str,
        language: str,
        document: Document,
        version: int,
        snapshot_version: int,
        *,
        hub: Hub,
        store: RoomStore,
        settings: Settings,
        on_idle: Callable[["LiveRoom"], None],
    ) -> None:
        self.id = room_id
        self.name = name
        self.language = language
        self.document = document
        self.version = version
        self.snapshot_version = snapshot_version
        self.participants: dict[str, Participant] = {}
        self.elsewhere = RemotePresence()
        self.holds = 0
        self.broken = False
        self._hub = hub
        self._store = store
        self._settings = settings
        self._on_idle = on_idle
        self._recent = RecentLog(settings.recent_updates_kept, settings.recent_cost_kept)
        self._inbox: list[Submission] = []
        self._arrived: list[tuple[dict[str, Any], str]] = []
        """Updates and cursors from other instances, in the order they were published."""
        self._behind = False
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._worker = asyncio.create_task(self._run(), name=f"room-{room_id}")

    @property
    def in_use(self) -> bool:
        return bool(self.participants) or self.holds > 0 or not self._idle.is_set()

    @property
    def everyone(self) -> list[Participant]:
        return [*self.elsewhere.participants.values(), *self.participants.values()]

    def pick_color(self) -> str:
        used = {participant.color for participant in self.everyone}
        free = [color for color in PALETTE if color not in used]
        return free[0] if free else PALETTE[len(used) % len(PALETTE)]

    def join(
        self, peer: Peer, participant: Participant, since: int | None, older: Sequence[LoggedUpdate]
    ) -> None:
        """Register the peer and queue its welcome, atomically with respect to broadcasts."""
        welcome: dict[str, Any] = {
            "you": participant.as_json(),
            "room": {
                "id": self.id,
                "name": self.name,
                "language": self.language,
                "version": self.version,
                "doc": self.document.text,
            },
            "participants": [p.as_json() for p in self.everyone],
        }
        if since is not None and since <= self.version:
            caught_up = [*older, *self.recent_after(older[-1].version if older else since)]
            welcome["updates"] = [_update_json(item) for item in caught_up]
        self.participants[participant.id] = participant
        # Recorded before it is announced, so an instance that hears of it finds it recorded.
        self._hub.participant_joined(self.id, participant.as_json())
        self._hub.publish(self.id, frame("participant_joined", user=participant.as_json()))
        self._hub.attach(self.id, peer)
        peer.send(frame("welcome", **welcome))

    def leave(self, peer: Peer) -> None:
        self._hub.detach(self.id, peer)
        if self.participants.pop(peer.id, None) is not None:
            self._hub.participant_left(self.id, peer.id)
            self._hub.publish(self.id, frame("participant_left", userId=peer.id))

    def covers(self, since: int) -> bool:
        """Whether the updates after `since` are all still held in memory."""
        return self._recent.covers(since, self.version)

    def recent_after(self, version: int) -> list[LoggedUpdate]:
        return self._recent.after(version)

    def submit(self, submission: Submission) -> asyncio.Future[Outcome]:
        if len(self._inbox) >= self._settings.room_inbox_size:
            submission.outcome.set_result(Failed(RoomBusy()))
        else:
            self._inbox.append(submission)
            self._wake_worker()
        return submission.outcome

    def on_remote(self, event: dict[str, Any], raw: str) -> None:
        """A frame another instance published for this room, or news from the hub itself:
        `resync` (look in the database) and `presence` (who the shared record lists)."""
        match event.get("type"):
            case "updates" | "cursor":
                # A cursor names a version: it goes out after the updates published before it.
                self._arrived.append((event, raw))
                self._wake_worker()
                return
            case "resync":
                self.catch_up()
                return
            case "room_deleted":
                self.broken = True
                self._hub.close_room(self.id, CloseCode.ROOM_NOT_FOUND, "room deleted")
                return
            case "presence":
                self._reconcile_presence(event["participants"])
                return
            case "participant_joined":
                if not self.elsewhere.joined(Participant(**event["user"])):
                    return
            case "participant_left":
                if not self.elsewhere.left(event["userId"]):
                    return
            case "language":
                self.language = event["language"]
            case "rename":
                self.name = event["name"]
        self._hub.deliver(self.id, raw)

    def _reconcile_presence(self, seen: list[dict[str, str]]) -> None:
        """Heal who is shown as elsewhere from a read of the shared record (see presence.py)."""
        arrived, gone = self.elsewhere.observed(Participant(**user) for user in seen)
        for participant in arrived:
            self._hub.deliver(self.id, frame("participant_joined", user=participant.as_json()))
        for participant_id in gone:
            self._hub.deliver(self.id, frame("participant_left", userId=participant_id))

    def catch_up(self) -> None:
        """Look in the database for updates stored elsewhere that never reached us."""
        self._behind = True
        self._wake_worker()

    def _wake_worker(self) -> None:
        self._idle.clear()
        self._wake.set()

    async def drained(self) -> None:
        await self._idle.wait()

    async def stop(self) -> None:
        self._worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._worker

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._inbox or self._arrived or self._behind:
                batch, self._inbox = self._inbox, []
                try:
                    await self._absorb_arrivals()
                    if batch:
                        await self._process(batch)
                except Exception:
                    # The stored log and this memory may now disagree: send everyone away to
                    # reconnect, which reloads the room from the database.
                    logger.exception("room %s: batch of %d changes failed", self.id, len(batch))
                    _settle(batch, Failed(ChangeNotStored()))
                    self.broken = True
                    self._hub.close_room(self.id, CloseCode.TRY_AGAIN_LATER, "room reloading")
            self._idle.set()
            if not self.in_use:
                self._on_idle(self)

    async def _absorb_arrivals(self) -> None:
        """Apply updates stored by other instances, in order, filling gaps from the database;
        cursors that came with them go out after the updates before them."""
        arrived, self._arrived = self._arrived, []
        held: list[tuple[str, str]] = []
        for event, raw in arrived:
            if event["type"] == "cursor":
                if self._behind:
                    held.append((raw, event["userId"]))
                else:
                    self._hub.deliver(self.id, raw, replaces=cursor_key(event["userId"]))
                continue
            first = event["version"]
            if self._behind or first > self.version:
                self._behind = True  # the database read below brings these too
                continue
            fresh = event["updates"][self.version - first :]
            self._apply_stored(
                [
                    LoggedUpdate(self.version + offset + 1, item["clientID"], item["changes"])
                    for offset, item in enumerate(fresh)
                ]
            )
        if self._behind:
            self._behind = False
            self._apply_stored(await self._store.missed_updates(self.id, self.version))
        for raw, user_id in held:
            self._hub.deliver(self.id, raw, replaces=cursor_key(user_id))

    def _apply_stored(self, updates: list[LoggedUpdate]) -> None:
        """Take in updates already in the database and show them to this instance's peers."""
        if not updates:
            return
        document = self.document
        for item in updates:
            document = document.apply(item.changes)
        self._hub.deliver(self.id, self._advance(document, updates))

    async def _process(self, batch: list[Submission]) -> None:
        while True:
            if sum(self._estimated_cost(submission) for submission in batch) > INLINE_COST:
                validated = await asyncio.to_thread(self._validate, batch)
            else:
                validated = self._validate(batch)
            document, version, accepted, outcomes = validated
            if not accepted:
                break
            snapshot = None
            if version - self.snapshot_version >= self._settings.snapshot_interval:
                snapshot = document
            try:
                await self._store.commit(self.id, accepted, snapshot)
            except VersionTaken:
                missed = await self._store.missed_updates(self.id, self.version)
                if not missed:
                    raise
                self._apply_stored(missed)
                continue
            except RoomGone:
                _settle(batch, Failed(RoomNotFound(self.id)))
                self._hub.close_room(self.id, CloseCode.ROOM_NOT_FOUND, "room deleted")
                return
            except Unstorable:
                refused = Failed(ChangesRefused())
                outcomes = [
                    (submission, refused if isinstance(outcome, Committed) else outcome)
                    for submission, outcome in outcomes
                ]
                break
            if snapshot is not None:
                self.snapshot_version = version
            self._hub.publish(self.id, self._advance(document, accepted))
            break
        for submission, outcome in outcomes:
            if isinstance(outcome, Rejected):
                outcome = Rejected(self.version)
            if not submission.outcome.done():
                submission.outcome.set_result(outcome)

    def _validate(
        self, batch: list[Submission]
    ) -> tuple[Document, int, list[LoggedUpdate], list[tuple[Submission, Outcome]]]:
        """Check each submission against the text as the ones before it leave it."""
        document, version = self.document, self.version
        accepted: list[LoggedUpdate] = []
        accepted_frame = BatchFrame(accepted)
        outcomes: list[tuple[Submission, Outcome]] = []
        for submission in batch:
            try:
                document, updates = self._check(submission, document, version, accepted_frame)
            except _Refusal as refusal:
                outcomes.append((submission, refusal.outcome))
                continue
            author = submission.author
            for client_id, changes in updates:
                version += 1
                accepted.append(
                    LoggedUpdate(version, client_id, changes, author.name, author.color)
                )
            outcomes.append((submission, Committed(version)))
        return document, version, accepted, outcomes

    def _check(
        self,
        submission: Submission,
        document: Document,
        version: int,
        accepted: BatchFrame,
    ) -> tuple[Document, list[tuple[str, Any]]]:
        if submission.replacement is not None:
            base = submission.base_version
            if base is not None and base != version:
                raise _Refusal(Failed(VersionConflict(base, version)))
            try:
                target = Document.from_text(submission.replacement)
            except InvalidChange as exc:
                raise _Refusal(Failed(InvalidChangeError(str(exc)))) from None
            self._check_size(target)
            changes = diff_to_changes(document, target)
            return target, ([(submission.author.id, changes)] if changes is not None else [])
        updates = self._within_budget(submission.updates)
        if submission.version != version:
            updates = self._rebased(submission, updates, version, accepted)
        for _, changes in updates:
            try:
                document = document.apply(changes)
            except InvalidChange as exc:
                raise _Refusal(Failed(InvalidChangeError(str(exc)))) from None
            if changes_nothing(changes):
                raise _Refusal(Failed(InvalidChangeError("An update must change the text.")))
        self._check_size(document)
        return document, updates

    def _within_budget(self, updates: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """The first updates of a push, as many as `max_push_cost` allows (always one): the
        rest stay unconfirmed in the client, which pushes them again once these come back."""
        budget = self._settings.max_push_cost
        taken: list[tuple[str, Any]] = []
        for update in updates:
            budget -= change_cost(update[1])
            if budget < 0 and taken:
                break
            taken.append(update)
        return taken

    def _estimated_cost(self, submission: Submission) -> int:
        """About how much work checking the submission takes (see collab/cost.py)."""
        if submission.replacement is not None:
            return len(submission.replacement) // 1000
        pushed = min(
            sum(change_cost(changes) for _, changes in submission.updates),
            self._settings.max_push_cost,
        )
        behind = self.version - submission.version if submission.version is not None else 0
        return pushed * (1 + max(behind, 0)) if submission.rebase else pushed

    def _rebased(
        self,
        submission: Submission,
        updates: list[tuple[str, Any]],
        version: int,
        accepted: BatchFrame,
    ) -> list[tuple[str, Any]]:
        """A stale push moved over every update stored since its version (and those accepted
        before it in this batch), if it asked for that, memory still holds them all and the
        work stays within `max_rebase_cost`; otherwise rejected, for the client to rebase."""
        stale = submission.version
        if not submission.rebase or stale is None or stale > self.version or not self.covers(stale):
            raise _Refusal(Rejected(version))
        pushed_by = {client_id for client_id, _ in updates}
        try:
            frames = self._recent.frames_after(stale, pushed_by)
            # Those accepted before it in this batch go out in one frame with it, before it.
            in_batch = accepted.for_push(pushed_by)
            if in_batch is not None:
                frames.append(in_batch)
            rebased = rebase_updates(updates, frames, self._settings.max_rebase_cost)
        except InvalidChange as exc:
            raise _Refusal(Failed(InvalidChangeError(str(exc)))) from None
        except RebaseTooCostly:
            raise _Refusal(Rejected(version)) from None
        REBASED_PUSHES.inc()
        return rebased

    def _check_size(self, document: Document) -> None:
        limit = self._settings.max_document_chars
        if document.length > limit:
            raise _Refusal(Failed(DocumentTooLarge(limit)))

    def _advance(self, document: Document, updates: list[LoggedUpdate]) -> str:
        """Move to the text after `updates` and return the frame that announces them."""
        first_version = self.version
        self.document, self.version = document, updates[-1].version
        self._recent.add_frame(updates)
        return frame(
            "updates", version=first_version, updates=[_update_json(item) for item in updates]
        )


def _settle(batch: Sequence[Submission], outcome: Outcome) -> None:
    for submission in batch:
        if not submission.outcome.done():
            submission.outcome.set_result(outcome)


class _Refusal(Exception):
    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome


def _update_json(item: LoggedUpdate) -> dict[str, Any]:
    return {"clientID": item.client_id, "changes": item.changes}
