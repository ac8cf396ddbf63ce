"""Rebasing a push made against an older version over the updates accepted since, the way
the pushing editor moves its unconfirmed changes when those updates reach it: as
`@codemirror/collab`'s `receiveUpdates` does (same-spot insertions by arrival), or as the web
editor's `orderedCollab.ts` does (by author), whichever the push asks for."""

import math
from collections.abc import Sequence
from typing import Any, Literal

from pairpad.text.changeset import ChangeSet, mismatch

Update = tuple[str, Any]
"""(clientID, changes in the wire format)."""
Batch = Sequence[tuple[str, ChangeSet]]
"""Stored updates as one batch: the updates one `updates` message carried (clientID, changes)."""
TieBreak = Literal["arrival", "author"]
"""Which of two insertions at one place goes first: the one stored first, or the one whose
author's clientID sorts first (docs/protocol.md, "Same-spot insertions")."""


class RebaseTooCostly(Exception):
    """Moving the push over everything since its version would cost more than allowed."""


def rebase_updates(
    updates: Sequence[Update], batches: Sequence[Batch], budget: float = math.inf
) -> list[Update]:
    """`updates`, pushed against an older version, moved over every update stored since.

    `batches` are those updates as the pusher received (or will receive) them, batch by batch,
    the last one being those stored just before the push. The editor maps its unconfirmed
    changes over each batch as it arrives (`receiveUpdates`), and mapping over two batches one
    after the other can differ from mapping over both at once (an insertion where one batch
    deletes and the next inserts), so the push is moved batch by batch, exactly as the editor
    moves it. Updates of the push that a batch already holds from the same client (sent again
    after a reconnect) are dropped, as the editor takes them as confirmed.

    The work (sections walked) is counted batch by batch; past `budget` it stops with
    RebaseTooCostly, and the client can rebase on its side instead.
    """
    pending = [(client_id, ChangeSet.from_json(changes)) for client_id, changes in updates]
    work = 0
    for batch in batches:
        theirs = sum(len(stored.sections) for _, stored in batch)
        work += theirs * (1 + len(pending)) + sum(len(own.sections) for _, own in pending)
        if work > budget:
            raise RebaseTooCostly
        changes: ChangeSet | None = None
        own = 0
        for client_id, stored in batch:
            if own < len(pending) and pending[own][0] == client_id:
                if changes is not None:
                    changes = changes.map(pending[own][1], before=True)
                own += 1
            else:
                changes = stored if changes is None else changes.compose(stored)
        pending = pending[own:]
        if changes is None:
            continue
        moved = []
        for client_id, own_changes in pending:
            if own_changes.length != changes.length:
                raise mismatch()
            moved.append((client_id, own_changes.map(changes)))
            changes = changes.map(own_changes, before=True)
        pending = moved
    return [(client_id, changes.to_json()) for client_id, changes in pending]


def goes_first(author: str, other: str) -> bool:
    """Whether `author`'s insertion goes before `other`'s at one position: clientIDs compared by
    UTF-16 code units, as JavaScript compares strings (code points order astral characters
    differently)."""
    return author.encode("utf-16-be", "surrogatepass") < other.encode("utf-16-be", "surrogatepass")


def rebase_by_author(
    updates: Sequence[Update], stored: Sequence[tuple[str, ChangeSet]], budget: float = math.inf
) -> list[Update]:
    """`updates`, pushed against an older version, moved over `stored` (every update stored
    since, in order) one update at a time, with same-spot insertions ordered by `goes_first`:
    exactly the steps the web editor takes as those updates reach it, so both end with the same
    changes. Updates of the push already stored (sent again after a reconnect) are dropped, as
    the editor takes them as confirmed. Past `budget` sections walked, RebaseTooCostly.
    """
    pending = [(client_id, ChangeSet.from_json(changes)) for client_id, changes in updates]
    work = 0
    for stored_by, theirs in stored:
        if not pending:
            break
        if pending[0][0] == stored_by:
            del pending[0]
            continue
        work += len(theirs.sections) * (1 + len(pending)) + sum(
            len(own.sections) for _, own in pending
        )
        if work > budget:
            raise RebaseTooCostly
        moved = []
        for client_id, own in pending:
            if own.length != theirs.length:
                raise mismatch()
            own_first = goes_first(client_id, stored_by)
            moved.append((client_id, own.map(theirs, before=own_first)))
            theirs = theirs.map(own, before=not own_first)
        pending = moved
    return [(client_id, changes.to_json()) for client_id, changes in pending]
