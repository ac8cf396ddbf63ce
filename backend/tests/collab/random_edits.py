"""Random edits in CodeMirror's change format, and running them through the editor's own code
in Node: what the rebase tests feed the server and the browser's side alike."""

import json
import random
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pairpad.text.document import Document

FRONTEND = Path(__file__).resolve().parents[3] / "frontend"
StoredPush = tuple[list[dict[str, Any]], str]
ALPHABET = ["a", "b", "c", " ", "\n", "é", "日", "😀", "\U0001d518"]


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


def random_case(
    rng: random.Random, me: str = "me", others: Sequence[str] = ("ada", "linus")
) -> dict[str, Any]:
    """One client's push against `doc`, and the updates stored since in frames (sometimes
    starting with the push's own first update, as after a reconnect)."""
    doc = random_text(rng, 12)
    pushed, _ = chain(rng, doc, [me] * rng.randint(1, 3))
    stored_first = pushed[:1] if rng.random() < 0.2 else []
    after_stored = Document.from_text(doc)
    for update in stored_first:
        after_stored = after_stored.apply(update["changes"])
    authors = [rng.choice(others) for _ in range(rng.randint(1, 4))]
    over, _ = chain(rng, after_stored.text, authors)
    updates = stored_first + over
    cuts = sorted(rng.sample(range(1, len(updates)), k=rng.randint(0, len(updates) - 1)))
    frames = [updates[a:b] for a, b in zip([0, *cuts], [*cuts, len(updates)], strict=True)]
    return {"doc": doc, "frames": frames, "pushed": pushed}


def stored_after(case: dict[str, Any], rebased: list[tuple[str, Any]]) -> StoredPush:
    """What the server stored for the case's push, `rebased`, in the wire form, and the text
    after the frames and that push."""
    document = Document.from_text(case["doc"])
    for update in [u for frame in case["frames"] for u in frame]:
        document = document.apply(update["changes"])
    for _, changes in rebased:
        document = document.apply(changes)
    return [{"clientID": c, "changes": changes} for c, changes in rebased], document.text


def run_in_node(script: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`cases` through one of the .cjs scripts beside this file, with the editor's packages."""
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / "@codemirror" / "collab").is_dir():
        pytest.fail("The rebase tests need Node and the editor's packages (cd frontend && npm ci).")
    done = subprocess.run(
        [node, str(script), str(FRONTEND)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))
