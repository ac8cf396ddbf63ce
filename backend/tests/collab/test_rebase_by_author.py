"""Rebasing by author (a push with `"tieBreak": "author"`) agrees with the web editor's own
orderedCollab.ts, case by case, and keeps each author's insertions on one side of another's.

Hundreds of random cases, the pusher's clientID sorting before some authors and after others
(astral characters among them, which JavaScript and Python order differently), go through
`ordered_reference.cjs`: an editor with the pushed updates unconfirmed receives the frames, and
its unconfirmed updates must then be exactly what the server stored for the push; once those
come back, its text must be the server's.
"""

import random
from pathlib import Path
from typing import Any

from pairpad.collab.rebase import goes_first, rebase_by_author
from pairpad.text.changeset import ChangeSet
from pairpad.text.document import Document
from tests.collab.random_edits import StoredPush, random_case, run_in_node, stored_after

REFERENCE = Path(__file__).with_name("ordered_reference.cjs")
CASES = 600
PUSHER = "m\uff41"
"""Sorts before "m\U0001f600" in UTF-16 (0xFF41 > 0xD83D) but after it by code point."""
AUTHORS = ("ada", "zoe", "m\U0001f600", "mz")


def server_side(case: dict[str, Any]) -> StoredPush:
    """What the server stores for the push, and its text afterwards."""
    pushed = [(u["clientID"], u["changes"]) for u in case["pushed"]]
    stored = [(u["clientID"], ChangeSet.from_json(u["changes"])) for f in case["frames"] for u in f]
    rebased = rebase_by_author(pushed, stored)
    return stored_after(case, rebased)


def test_rebasing_by_author_matches_the_web_editor_in_random_cases() -> None:
    rng = random.Random(20261203)
    cases = [random_case(rng, me=PUSHER, others=AUTHORS) for _ in range(CASES)]
    served = [server_side(case) for case in cases]
    asked = [{**case, "rebased": rebased} for case, (rebased, _) in zip(cases, served, strict=True)]
    editors = run_in_node(REFERENCE, asked)
    for case, (rebased, text), editor in zip(cases, served, editors, strict=True):
        assert rebased == editor["unconfirmed"], f"server and editor moved it apart: {case}"
        assert text == editor["editor"], f"server and editor differ: {case}"


def test_clientids_compare_as_javascript_compares_them() -> None:
    assert goes_first("ada", "zoe") and not goes_first("zoe", "ada")
    assert not goes_first("ada", "ada")
    assert goes_first("m\U0001f600", PUSHER)  # by code point it would be the other way round
    assert goes_first("ab", "abc")


def test_same_spot_insertions_go_by_author_whoever_was_stored_first() -> None:
    """Both insert at 1 in "xy": Ada's goes first whether hers or Zoe's was stored first."""
    zoe_stored = [("zoe", ChangeSet.from_json([1, [0, "Z"], 1]))]
    ada_rebased = rebase_by_author([("ada", [1, [0, "A"], 1])], zoe_stored)
    assert Document.from_text("xZy").apply(ada_rebased[0][1]).text == "xAZy"

    ada_stored = [("ada", ChangeSet.from_json([1, [0, "A"], 1]))]
    zoe_rebased = rebase_by_author([("zoe", [1, [0, "Z"], 1])], ada_stored)
    assert Document.from_text("xAy").apply(zoe_rebased[0][1]).text == "xAZy"


def test_a_push_already_stored_is_not_applied_again() -> None:
    mine = ("me", [[0, "hi"], 3])
    assert rebase_by_author([mine], [("me", ChangeSet.from_json(mine[1]))]) == []
