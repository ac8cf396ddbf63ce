"""The updates a room broadcast lately, in the batches they were broadcast in.

Kept for two things: a reconnecting editor catches up from memory (`since`), and a stale push
is rebased over what came after it. Rebasing by arrival goes batch by batch, because that is how
@codemirror/collab moves its own changes (collab/rebase.py); each batch's composed changes are
worked out once, as a crowded room rebases over the same batches again and again. Rebasing by
author goes update by update.
"""

import bisect
import itertools
import math
from collections import deque
from collections.abc import Iterable

from pairpad.collab.rebase import Batch
from pairpad.collab.repository import LoggedUpdate
from pairpad.text.changeset import ChangeSet
from pairpad.text.cost import change_cost


class RecentLog:
    """The last `size` updates, fewer when they cost more than `max_cost` together (see
    collab/cost.py): the log's memory, and the work of rebasing over it, stay bounded."""

    def __init__(self, size: int, max_cost: float = math.inf) -> None:
        self._size = size
        self._max_cost = max_cost
        self._updates: deque[LoggedUpdate] = deque()
        self._costs: deque[int] = deque()
        self._cost = 0
        self._batch_starts: list[int] = []
        """The first version of each batch, in order."""
        self._composed: dict[int, ChangeSet] = {}
        """A whole batch's changes composed, by its first version."""

    def add_batch(self, updates: Iterable[LoggedUpdate]) -> None:
        """Updates just broadcast together, in one `updates` message, in version order."""
        added = list(updates)
        self._batch_starts.append(added[0].version)
        for update in added:
            cost = change_cost(update.changes)
            self._updates.append(update)
            self._costs.append(cost)
            self._cost += cost
        while len(self._updates) > self._size or (
            self._cost > self._max_cost and len(self._updates) > 1
        ):
            self._updates.popleft()
            self._cost -= self._costs.popleft()
        oldest = self._updates[0].version
        forgotten = bisect.bisect_left(self._batch_starts, oldest)
        for start in self._batch_starts[:forgotten]:
            self._composed.pop(start, None)
        del self._batch_starts[:forgotten]

    def covers(self, since: int, version: int) -> bool:
        """Whether every update after `since`, up to the room's `version`, is held here."""
        if since >= version:
            return True
        return bool(self._updates) and self._updates[0].version <= since + 1

    def after(self, version: int) -> list[LoggedUpdate]:
        """The updates held after `version`."""
        if not self._updates or version >= self._updates[-1].version:
            return []
        wanted = min(self._updates[-1].version - version, len(self._updates))
        # From the newest end: the updates asked for are nearly always a few recent ones.
        return list(itertools.islice(reversed(self._updates), wanted))[::-1]

    def updates_after(self, version: int) -> list[tuple[str, ChangeSet]]:
        """The updates held after `version`, one by one: (clientID, changes)."""
        return [(u.client_id, ChangeSet.from_json(u.changes)) for u in self.after(version)]

    def batches_after(self, version: int, pushed_by: set[str]) -> list[Batch]:
        """The updates after `version` in their batches, for rebasing a push by the clients
        `pushed_by`: a batch holding one of theirs is kept update by update, any other
        is one change set from the pseudo-client "" (no real clientID is empty)."""
        updates = self.after(version)
        if not updates:
            return []
        starts = self._batch_starts[bisect.bisect_right(self._batch_starts, version) :]
        first_is_whole = bool(starts) and starts[0] == version + 1
        bounds = [start - version - 1 for start in starts if start > version + 1]
        batches: list[Batch] = []
        for begin, end in zip([0, *bounds], [*bounds, len(updates)], strict=True):
            chunk = updates[begin:end]
            if any(item.client_id in pushed_by for item in chunk):
                batches.append([(u.client_id, ChangeSet.from_json(u.changes)) for u in chunk])
            else:
                whole = begin > 0 or first_is_whole
                batches.append([("", self._compose(chunk, remember=whole))])
        return batches

    def _compose(self, chunk: list[LoggedUpdate], remember: bool) -> ChangeSet:
        """A batch's changes as one change set, composed as the editor composes them."""
        first = chunk[0].version
        if remember and first in self._composed:
            return self._composed[first]
        composed = ChangeSet.from_json(chunk[0].changes)
        for item in chunk[1:]:
            composed = composed.compose(ChangeSet.from_json(item.changes))
        if remember:
            self._composed[first] = composed
        return composed


class AcceptedSoFar:
    """The updates a batch has accepted so far, which go out together in one message.

    A stale push later in the batch is rebased over them last; they are composed as the batch
    grows, not anew for every push (a crowded room's batch holds a push from nearly everyone).
    """

    def __init__(self, accepted: list[LoggedUpdate]) -> None:
        self._accepted = accepted
        """The batch's own list, which grows as the batch goes on."""
        self._clients: set[str] = set()
        self._composed: ChangeSet | None = None
        self._taken = 0

    def updates(self) -> list[tuple[str, ChangeSet]]:
        """The updates accepted so far, one by one: (clientID, changes)."""
        return [(u.client_id, ChangeSet.from_json(u.changes)) for u in self._accepted]

    def for_push(self, pushed_by: set[str]) -> Batch | None:
        """The batch to rebase a push by the clients `pushed_by` over, or None if it is empty."""
        for item in self._accepted[self._taken :]:
            changes = ChangeSet.from_json(item.changes)
            self._composed = changes if self._composed is None else self._composed.compose(changes)
            self._clients.add(item.client_id)
        self._taken = len(self._accepted)
        if self._composed is None:
            return None
        if pushed_by & self._clients:
            return [(u.client_id, ChangeSet.from_json(u.changes)) for u in self._accepted]
        return [("", self._composed)]
