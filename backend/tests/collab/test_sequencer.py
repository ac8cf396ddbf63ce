"""The sequencer alone: the order a room gives its waiting changes, with no database or socket."""

from typing import Any

import pytest

from pairpad.collab.exceptions import DocumentTooLarge, InvalidChangeError, VersionConflict
from pairpad.collab.presence import Participant
from pairpad.collab.rebase import TieBreak
from pairpad.collab.recent import RecentLog
from pairpad.collab.repository import LoggedUpdate
from pairpad.collab.sequencer import (
    Committed,
    Failed,
    Limits,
    Rejected,
    Sequenced,
    Submission,
    sequence,
)
from pairpad.text.document import Document

ADA = Participant("ada", "Ada", "#e6194b")
LIMITS = Limits(max_document_chars=100, max_push_cost=20, max_rebase_cost=1000)


def push(
    version: int, *changes: list[Any], rebase: bool = False, tie_break: TieBreak = "arrival"
) -> Submission:
    return Submission(
        ADA,
        updates=[("ada-tab", item) for item in changes],
        version=version,
        rebase=rebase,
        tie_break=tie_break,
    )


def replace(text: str, base_version: int | None = None) -> Submission:
    return Submission(ADA, replacement=text, base_version=base_version)


def run(text: str, version: int, *batch: Submission, recent: RecentLog | None = None) -> Sequenced:
    return sequence(Document.from_text(text), version, recent or RecentLog(100), batch, LIMITS)


async def test_pushes_at_the_current_version_are_taken_in_order() -> None:
    done = run("ab", 3, push(3, [2, [0, "c"]]), push(4, [3, [0, "d"]]))
    assert done.document.text == "abcd" and done.version == 5
    assert [(u.version, u.changes) for u in done.accepted] == [
        (4, [2, [0, "c"]]),
        (5, [3, [0, "d"]]),
    ]
    assert [outcome for _, outcome in done.outcomes] == [Committed(4), Committed(5)]


async def test_a_stale_push_is_rejected_unless_it_asks_to_be_rebased() -> None:
    recent = RecentLog(100)
    recent.add_batch([LoggedUpdate(1, "bob-tab", [[0, "X"], 2])])
    stale = push(0, [2, [0, "c"]])
    done = run("Xab", 1, stale, recent=recent)
    assert done.outcomes == [(stale, Rejected(1))] and not done.accepted
    done = run("Xab", 1, push(0, [2, [0, "c"]], rebase=True), recent=recent)
    assert done.document.text == "Xabc"
    assert done.accepted[0].changes == [3, [0, "c"]]


@pytest.mark.parametrize(("tie_break", "text"), [("arrival", "xZYAy"), ("author", "xAZYy")])
async def test_a_stale_push_goes_over_stored_and_same_batch_updates_by_its_tie_break(
    tie_break: TieBreak, text: str
) -> None:
    """Zoe typed "Z" at 1 (stored), then "Y" after it (earlier in this batch); Ada typed "A" at
    1 of the older text. By arrival hers goes after both; by author ("ada-tab" < "zoe-tab")
    before both, whoever was stored first."""
    recent = RecentLog(100)
    recent.add_batch([LoggedUpdate(1, "zoe-tab", [1, [0, "Z"], 1])])
    zoe = Submission(ADA, updates=[("zoe-tab", [2, [0, "Y"], 1])], version=1)
    ada = push(0, [1, [0, "A"], 1], rebase=True, tie_break=tie_break)
    done = run("xZy", 1, zoe, ada, recent=recent)
    assert done.document.text == text
    assert [outcome for _, outcome in done.outcomes] == [Committed(2), Committed(3)]


@pytest.mark.parametrize("tie_break", ["arrival", "author"])
async def test_a_deletion_someone_made_first_is_stored_as_an_update_that_changes_nothing(
    tie_break: TieBreak,
) -> None:
    """Bob and Ada both deleted the "b" of "abc": Bob's came first. Ada's, rebased, has nothing
    left to delete, and is still stored, so that her editor sees it come back."""
    recent = RecentLog(100)
    recent.add_batch([LoggedUpdate(1, "bob-tab", [1, [1], 1])])
    ada = push(0, [1, [1], 1], rebase=True, tie_break=tie_break)
    done = run("ac", 1, ada, recent=recent)
    assert done.outcomes == [(ada, Committed(2))]
    assert done.document.text == "ac"
    assert [(u.client_id, u.changes) for u in done.accepted] == [("ada-tab", [2])]


async def test_a_replacement_becomes_one_minimal_change_unless_its_base_is_old() -> None:
    done = run("hello world", 7, replace("hello there"))
    assert done.accepted[0].changes == [6, [5, "there"]]
    conflict = run("hello world", 7, replace("bye", base_version=6))
    ((_, outcome),) = conflict.outcomes
    assert isinstance(outcome, Failed) and isinstance(outcome.error, VersionConflict)
    assert outcome.error.version == 7 and conflict.document.text == "hello world"


async def test_a_push_over_its_budget_is_taken_in_part_and_always_at_least_one_update() -> None:
    costly = [[0, *"abcdefghij"]]  # 11 units of work each
    done = run("", 0, push(0, costly, [10, [0, *"klmnopqrst"]], [20, [0, "u"]]))
    assert len(done.accepted) == 1 and done.outcomes[0][1] == Committed(1)
    alone = run("", 0, push(0, [[0, *("x" * 30)]]))
    assert len(alone.accepted) == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ([2], InvalidChangeError),  # changes nothing
        ([2, [0, "\u0000"]], InvalidChangeError),
        ([5, [0, "x"]], InvalidChangeError),  # does not fit the text
        ([2, [0, "y" * 100]], DocumentTooLarge),
    ],
)
async def test_a_refused_push_changes_nothing_and_the_next_one_still_goes(
    changes: list[Any], error: type[Exception]
) -> None:
    done = run("ab", 0, push(0, changes), push(0, [2, [0, "c"]]))
    (_, refused), (_, taken) = done.outcomes
    assert isinstance(refused, Failed) and isinstance(refused.error, error)
    assert taken == Committed(1) and done.document.text == "abc"
