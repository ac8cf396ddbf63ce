"""Rebasing stale pushes agrees with the browser's own @codemirror packages, case by case.

Hundreds of random cases (text with astral characters and line breaks; several updates each side,
received in one frame or several; a client's update already stored at the head, as after a
reconnect) go through `rebase_reference.cjs`, which runs an editor that had the pushed updates
unconfirmed and receives the frames, then the server's rebased updates. The server's text must be
exactly that editor's; with one frame, the rebased updates must be exactly what
@codemirror/collab's `rebaseUpdates` makes.
"""

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pairpad.collab.rebase import rebase_updates
from pairpad.text.changeset import ChangeSet
from pairpad.text.document import Document, InvalidChange

FRONTEND = Path(__file__).resolve().parents[3] / "frontend"
REFERENCE = Path(__file__).with_name("rebase_reference.cjs")
ALPHABET = ["a", "b", "c", " ", "\n", "é", "日", "😀", "\U0001d518"]
CASES = 600


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def random_text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest)))


def random_changes(rng: random.Random, text: str) -> list[Any]:
    """A change set for `text` in CodeMirror's own form: keeps between replacements, and at
    least one replacement (the editor sends no empty updates)."""
    replaced: list[tuple[int, int, str]] = []
    position = 0
    for start in sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, rng.randint(1, 4)))):
        end = min(len(text), start + rng.choice([0, 0, 1, 2, 5]))
        inserted = random_text(rng, 4) if rng.random() < 0.7 else ""
        if (start > position or not replaced) and start >= position and (end > start or inserted):
            replaced.append((start, end, inserted))
            position = end
    if not replaced:
        replaced.append((0, 0, "x"))
    changes: list[Any] = []
    position = 0
    for start, end, inserted in replaced:
        if start > position:
            changes.append(units(text[position:start]))
        changes.append(
            [units(text[start:end]), *inserted.split("\n")]
            if inserted
            else [units(text[start:end])]
        )
        position = end
    if position < len(text):
        changes.append(units(text[position:]))
    return changes


def chain(rng: random.Random, text: str, client_ids: list[str]) -> tuple[list[dict[str, Any]], str]:
    updates = []
    for client_id in client_ids:
        changes = random_changes(rng, text)
        text = Document.from_text(text).apply(changes).text
        updates.append({"clientID": client_id, "changes": changes})
    return updates, text


def random_case(rng: random.Random) -> dict[str, Any]:
    doc = random_text(rng, 12)
    pushed, _ = chain(rng, doc, ["me"] * rng.randint(1, 3))
    stored_first = pushed[:1] if rng.random() < 0.2 else []
    after_stored = Document.from_text(doc)
    for update in stored_first:
        after_stored = after_stored.apply(update["changes"])
    others = [rng.choice(["ada", "linus"]) for _ in range(rng.randint(1, 4))]
    over, _ = chain(rng, after_stored.text, others)
    updates = stored_first + over
    cuts = sorted(rng.sample(range(1, len(updates)), k=rng.randint(0, len(updates) - 1)))
    frames = [updates[a:b] for a, b in zip([0, *cuts], [*cuts, len(updates)], strict=True)]
    return {"doc": doc, "frames": frames, "pushed": pushed}


def browser_side(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / "@codemirror" / "collab").is_dir():
        pytest.fail("The rebase tests need Node and the editor's packages (cd frontend && npm ci).")
    done = subprocess.run(
        [node, str(REFERENCE), str(FRONTEND)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))


def stored(client_id: str, changes: list[Any]) -> tuple[str, ChangeSet]:
    return client_id, ChangeSet.from_json(changes)


def server_side(case: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """What the server stores for the push, and its text afterwards."""
    pushed = [(u["clientID"], u["changes"]) for u in case["pushed"]]
    frames = [[stored(u["clientID"], u["changes"]) for u in frame] for frame in case["frames"]]
    rebased = rebase_updates(pushed, frames)
    document = Document.from_text(case["doc"])
    for update in [u for frame in case["frames"] for u in frame]:
        document = document.apply(update["changes"])
    for _, changes in rebased:
        document = document.apply(changes)
    return [{"clientID": c, "changes": changes} for c, changes in rebased], document.text


def test_rebasing_matches_the_browser_in_random_cases() -> None:
    rng = random.Random(20261202)
    cases = [random_case(rng) for _ in range(CASES)]
    served = [server_side(case) for case in cases]
    asked = [{**case, "rebased": rebased} for case, (rebased, _) in zip(cases, served, strict=True)]
    for case, (rebased, text), browser in zip(cases, served, browser_side(asked), strict=True):
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
