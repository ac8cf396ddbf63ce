"""The change format against an independent model: a list of UTF-16 code units."""

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pairpad.text.document import Document, InvalidChange, diff_to_changes, normalize_newlines

# Characters that stress UTF-16: ASCII, CJK, combining marks, astral emoji and a line break.
ALPHABET = st.sampled_from(
    ["a", "Z", " ", "\n", "日", "本", "\u0301", "😀", "👩", "\u200d", "\U0001d518"]
)
texts = st.lists(ALPHABET, max_size=30).map("".join)


def units(text: str) -> list[int]:
    data = text.encode("utf-16-le")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def from_units(code_units: list[int]) -> str:
    data = b"".join(unit.to_bytes(2, "little") for unit in code_units)
    return data.decode("utf-16-le")


def model_apply(text: str, changes: list[Any]) -> str:
    """What CodeMirror does, written plainly over code units."""
    source, result, position = units(text), [], 0
    for item in changes:
        if isinstance(item, int):
            result += source[position : position + item]
            position += item
        else:
            result += units("\n".join(item[1:]))
            position += item[0]
    assert position == len(source)
    return from_units(result)


def is_boundary(code_units: list[int], position: int) -> bool:
    return not (0 < position < len(code_units) and 0xD800 <= code_units[position - 1] < 0xDC00)


@st.composite
def text_and_changes(draw: st.DrawFn) -> tuple[str, list[Any]]:
    text = draw(texts)
    code_units = units(text)
    cuts = sorted(
        draw(st.lists(st.integers(0, len(code_units)), max_size=6).map(set)) | {0, len(code_units)}
    )
    cuts = [cut for cut in cuts if is_boundary(code_units, cut)]
    changes: list[Any] = []
    for start, end in itertools.pairwise(cuts):
        if draw(st.booleans()):
            changes.append(end - start)
        else:
            inserted = draw(st.lists(texts.map(lambda t: t.replace("\n", "")), max_size=3))
            changes.append([end - start, *inserted])
    return text, changes


@settings(max_examples=300, deadline=None)
@given(text_and_changes())
def test_apply_matches_the_code_unit_model(case: tuple[str, list[Any]]) -> None:
    text, changes = case
    assert Document.from_text(text).apply(changes).text == model_apply(text, changes)


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_diff_turns_one_text_into_the_other(old: str, new: str) -> None:
    changes = diff_to_changes(Document.from_text(old), Document.from_text(new))
    if old == new:
        assert changes is None
    else:
        assert Document.from_text(old).apply(changes).text == new
        assert model_apply(old, changes) == new


junk = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.floats() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(texts, junk)
def test_malformed_changes_raise_invalid_change_only(text: str, changes: Any) -> None:
    document = Document.from_text(text)
    try:
        result = document.apply(changes)
    except InvalidChange:
        return
    assert result.text == model_apply(text, changes)


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("😀", [1, [0, "x"], 1]),
        ("😀", [[1], 1]),
        ("a😀", [2, [1]]),
    ],
)
def test_changes_that_split_a_surrogate_pair_are_refused(text: str, changes: list[Any]) -> None:
    with pytest.raises(InvalidChange, match="surrogate"):
        Document.from_text(text).apply(changes)


def test_lengths_must_add_up_to_the_document() -> None:
    with pytest.raises(InvalidChange, match="covers 3 characters but the document has 4"):
        Document.from_text("a😀b").apply([3])


def test_line_breaks_are_normalized() -> None:
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert Document.from_text("a\r\nb").length == 3
