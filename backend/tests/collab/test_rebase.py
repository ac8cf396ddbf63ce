"""Rebasing stale pushes agrees with the browser's own @codemirror packages, case by case.

Hundreds of random cases (text with astral characters and line breaks; several updates each side,
received in one frame or several; a client's update already stored at the head, as after a
reconnect) go through `rebase_reference.cjs`, which runs an editor that had the pushed updates
unconfirmed and receives the frames, then the server's rebased updates. The server's text must be
exactly that editor's; with one frame, the rebased updates must be exactly what
@codemirror/collab's `rebaseUpdates` makes.
"""

import random
from pathlib import Path
from typing import Any

import pytest

from pairpad.collab.rebase import rebase_updates
from pairpad.text.changeset import ChangeSet
from pairpad.text.document import Document, InvalidChange
from tests.collab.random_edits import StoredPush, random_case, run_in_node, stored_after

REFERENCE = Path(__file__).with_name("rebase_reference.cjs")
CASES = 600


def stored(client_id: str, changes: list[Any]) -> tuple[str, ChangeSet]:
    return client_id, ChangeSet.from_json(changes)


def server_side(case: dict[str, Any]) -> StoredPush:
    """What the server stores for the push, and its text afterwards."""
    pushed = [(u["clientID"], u["changes"]) for u in case["pushed"]]
    frames = [[stored(u["clientID"], u["changes"]) for u in frame] for frame in case["frames"]]
    rebased = rebase_updates(pushed, frames)
    return stored_after(case, rebased)


def test_rebasing_matches_the_browser_in_random_cases() -> None:
    rng = random.Random(20261202)
    cases = [random_case(rng) for _ in range(CASES)]
    served = [server_side(case) for case in cases]
    asked = [{**case, "rebased": rebased} for case, (rebased, _) in zip(cases, served, strict=True)]
    for case, (rebased, text), browser in zip(
        cases, served, run_in_node(REFERENCE, asked), strict=True
    ):
        assert text == browser["editor"], f"server and editor differ: {case}"
        if len(case["frames"]) == 1:
            assert rebased == browser["reference"], f"rebased unlike rebaseUpdates: {case}"


def test_a_push_moves_over_frames_one_after_the_other_as_the_editor_moves_it() -> None:
    """Linus deletes "abc" and then types "Y" where it was, in two frames, while Ada's push
    inserts "X" there. Her editor puts "Y" before "X" (mapping frame by frame); mapping over
    both frames at once would put it after, and the two copies would differ."""
    ada = [("ada", [[0, "X"], 3])]
    deleted, typed = stored("linus", [[3]]), stored("linus", [[0, "Y"]])
    assert rebase_updates(ada, [[deleted], [typed]]) == [("ada", [1, [0, "X"]])]
    assert rebase_updates(ada, [[deleted, typed]]) == [("ada", [[0, "X"], 1])]


def test_concurrent_inserts_at_one_place_put_the_stored_one_first() -> None:
    rebased = rebase_updates([("me", [1, [0, "B"], 1])], [[stored("ada", [1, [0, "A"], 1])]])
    assert rebased == [("me", [2, [0, "B"], 1])]
    assert Document.from_text("xAy").apply(rebased[0][1]).text == "xABy"


def test_an_edit_inside_text_deleted_meanwhile_keeps_only_its_insertion() -> None:
    rebased = rebase_updates([("me", [2, [1, "Z"], 2])], [[stored("ada", [1, [3], 1])]])
    assert Document.from_text("ab").apply(rebased[0][1]).text == "aZb"


def test_a_push_already_stored_is_not_applied_again() -> None:
    mine = ("me", [[0, "hi"], 3])
    assert rebase_updates([mine], [[stored(*mine)]]) == []


def test_a_push_that_does_not_fit_its_version_is_refused() -> None:
    with pytest.raises(InvalidChange):
        rebase_updates([("me", [5, [0, "x"]])], [[stored("ada", [[0, "a"], 2])]])


def test_the_wire_format_survives_a_round_trip() -> None:
    changes = [3, [2, "one", "two"], 4, [1], [0, "😀"]]
    assert ChangeSet.from_json(changes).to_json() == changes
