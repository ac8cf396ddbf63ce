"""Rebasing a push made against an older version over the updates accepted since, the way
the editor itself moves its unconfirmed changes (`@codemirror/collab`'s `receiveUpdates`)."""

import math
from collections.abc import Sequence
from typing import Any

from pairpad.text.changeset import ChangeSet, mismatch

Update = tuple[str, Any]
"""(clientID, changes in the wire format)."""
Batch = Sequence[tuple[str, ChangeSet]]
"""Stored updates as one batch: the updates one `updates` message carried (clientID, changes)."""


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
