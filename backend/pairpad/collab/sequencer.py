"""Putting a room's waiting changes in order: the decision, with no database and no sockets.

`sequence(document, version, recent, batch, limits)` checks each submission against the text
as the ones before it in the batch leave it: a push at the current version is taken (up to its
budget), a stale one is rebased over what was stored since (when it asks for that and the work
stays bounded) or rejected, a replacement becomes one minimal change. It returns the new text,
the updates to store, and what to tell each submitter once they are stored.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pairpad.collab.batching import Request
from pairpad.collab.exceptions import DocumentTooLarge, InvalidChangeError, VersionConflict
from pairpad.collab.presence import Participant
from pairpad.collab.rebase import (
    RebaseTooCostly,
    TieBreak,
    Update,
    rebase_by_author,
    rebase_updates,
)
from pairpad.collab.recent import AcceptedSoFar, RecentLog
from pairpad.collab.repository import LoggedUpdate
from pairpad.config import Settings
from pairpad.errors import AppError
from pairpad.metrics import REBASED_PUSHES
from pairpad.text.cost import change_cost, changes_nothing
from pairpad.text.document import Document, InvalidChange, diff_to_changes


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
class Submission(Request[Outcome]):
    """A request to change the text: a push at `version`, or a whole-text replacement; its
    author awaits `done` for the outcome."""

    author: Participant
    updates: Sequence[Update] = ()
    version: int | None = None
    rebase: bool = False
    """A push at an older version is moved over the updates since, instead of rejected."""
    tie_break: TieBreak = "arrival"
    """How that move orders its insertions against others at the same place."""
    replacement: str | None = None
    base_version: int | None = None
    """For a replacement: the version its author read; any other version is a conflict."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_document_chars: int
    max_push_cost: int
    max_rebase_cost: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(settings.max_document_chars, settings.max_push_cost, settings.max_rebase_cost)


@dataclass(slots=True)
class Sequenced:
    document: Document
    version: int
    accepted: list[LoggedUpdate]
    outcomes: list[tuple[Submission, Outcome]]


def checked_text(text: str, limit: int) -> Document:
    """A whole text as a room may hold it: valid UTF-16, no NUL, within `limit` characters."""
    try:
        document = Document.from_text(text)
    except InvalidChange as exc:
        raise InvalidChangeError(str(exc)) from None
    if document.length > limit:
        raise DocumentTooLarge(limit)
    return document


def sequence(
    document: Document,
    version: int,
    recent: RecentLog,
    batch: Sequence[Submission],
    limits: Limits,
) -> Sequenced:
    """Check each submission against the text as the ones before it leave it."""
    room_version = version
    accepted: list[LoggedUpdate] = []
    accepted_so_far = AcceptedSoFar(accepted)
    outcomes: list[tuple[Submission, Outcome]] = []
    for submission in batch:
        try:
            if submission.replacement is not None:
                document, updates = _replaced(submission, document, version, limits)
            else:
                taken = _within_budget(submission.updates, limits.max_push_cost)
                _refuse_no_ops(taken)
                if submission.version != version:
                    taken = _rebased(
                        submission, taken, room_version, recent, accepted_so_far, limits
                    )
                document = _applied(document, taken, limits)
                updates = taken
        except AppError as refusal:
            outcomes.append((submission, Failed(refusal)))
            continue
        except _Stale:
            outcomes.append((submission, Rejected(version)))
            continue
        author = submission.author
        for client_id, changes in updates:
            version += 1
            accepted.append(LoggedUpdate(version, client_id, changes, author.name, author.color))
        outcomes.append((submission, Committed(version)))
    return Sequenced(document, version, accepted, outcomes)


def estimated_cost(submission: Submission, room_version: int, limits: Limits) -> int:
    """About how much work checking the submission takes (see text/cost.py)."""
    if submission.replacement is not None:
        return len(submission.replacement) // 1000
    pushed = min(
        sum(change_cost(changes) for _, changes in submission.updates), limits.max_push_cost
    )
    if not submission.rebase or submission.version is None:
        return pushed
    return pushed * (1 + max(room_version - submission.version, 0))


class _Stale(Exception):
    """A push made against an older version that is not rebased here."""


def _replaced(
    submission: Submission, document: Document, version: int, limits: Limits
) -> tuple[Document, list[Update]]:
    base = submission.base_version
    if base is not None and base != version:
        raise VersionConflict(base, version)
    assert submission.replacement is not None
    target = checked_text(submission.replacement, limits.max_document_chars)
    changes = diff_to_changes(document, target)
    return target, ([(submission.author.id, changes)] if changes is not None else [])


def _refuse_no_ops(updates: list[Update]) -> None:
    """A pushed update must change the text. One that a rebase leaves with nothing to do (both
    people deleted the same character) is still stored: its author's editor counts on seeing
    every update it pushed come back."""
    if any(changes_nothing(changes) for _, changes in updates):
        raise InvalidChangeError("An update must change the text.")


def _applied(document: Document, updates: list[Update], limits: Limits) -> Document:
    for _, changes in updates:
        try:
            document = document.apply(changes)
        except InvalidChange as exc:
            raise InvalidChangeError(str(exc)) from None
    if document.length > limits.max_document_chars:
        raise DocumentTooLarge(limits.max_document_chars)
    return document


def _within_budget(updates: Sequence[Update], budget: int) -> list[Update]:
    """The first updates of a push, as many as `budget` allows (always one): the rest stay
    unconfirmed in the client, which pushes them again once these come back."""
    taken: list[Update] = []
    for update in updates:
        budget -= change_cost(update[1])
        if budget < 0 and taken:
            break
        taken.append(update)
    return taken


def _rebased(
    submission: Submission,
    updates: list[Update],
    room_version: int,
    recent: RecentLog,
    accepted: AcceptedSoFar,
    limits: Limits,
) -> list[Update]:
    """A stale push moved over every update stored since its version (and those accepted
    before it in this batch), if it asked for that, memory still holds them all and the work
    stays within `max_rebase_cost`; otherwise rejected, for the client to rebase."""
    stale = submission.version
    if (
        not submission.rebase
        or stale is None
        or stale > room_version
        or not recent.covers(stale, room_version)
    ):
        raise _Stale
    try:
        rebase = (
            _rebase_by_author(recent, stale, accepted)
            if submission.tie_break == "author"
            else _rebase_by_arrival(recent, stale, accepted, updates)
        )
        rebased = _rebased_within_budget(updates, rebase, limits.max_rebase_cost)
    except InvalidChange as exc:
        raise InvalidChangeError(str(exc)) from None
    REBASED_PUSHES.inc()
    return rebased


Rebase = Callable[[list[Update], int], list[Update]]
"""Moves a stale push's updates over what was stored since, within a budget."""


def _rebase_by_author(recent: RecentLog, stale: int, accepted: AcceptedSoFar) -> Rebase:
    """Over every update since `stale`, ending with those accepted before it in this batch."""
    stored = [*recent.updates_after(stale), *accepted.updates()]
    return lambda updates, budget: rebase_by_author(updates, stored, budget)


def _rebase_by_arrival(
    recent: RecentLog, stale: int, accepted: AcceptedSoFar, updates: list[Update]
) -> Rebase:
    """Over the batches since `stale` as the pusher receives them; those accepted before it in
    this batch go out in one message with it, before it."""
    pushed_by = {client_id for client_id, _ in updates}
    batches = recent.batches_after(stale, pushed_by)
    in_batch = accepted.for_push(pushed_by)
    if in_batch is not None:
        batches.append(in_batch)
    return lambda updates, budget: rebase_updates(updates, batches, budget)


def _rebased_within_budget(updates: list[Update], rebase: Rebase, budget: int) -> list[Update]:
    """The push's first updates, as many as can be rebased within `budget` (halving until they
    fit): rebasing costs in proportion to how many updates wait, so a client with a long backlog
    gets it in part by part, and the rest is pushed again. Rejected if even one does not fit."""
    while True:
        try:
            return rebase(updates, budget)
        except RebaseTooCostly:
            if len(updates) == 1:
                raise _Stale from None
            updates = updates[: len(updates) // 2]
