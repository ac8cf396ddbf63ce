"""How the document's own use of a name ranks it (ranking.py), on small texts where the right
answer is plain."""

from pairpad.autocomplete.providers.base import CompletionContext
from pairpad.autocomplete.providers.keywords import KeywordProvider
from pairpad.autocomplete.providers.lexicons import JAVASCRIPT, PYTHON
from pairpad.autocomplete.ranking import document_scores, ranked
from tests.autocomplete.builders import CURSOR


def context(marked: str, typed: str) -> CompletionContext:
    """The context after typing `typed` where CURSOR stands."""
    before, after = marked.split(CURSOR)
    return CompletionContext(before + after, len(before), typed)


def best(marked: str, typed: str) -> list[str]:
    found = document_scores(context(marked, typed))
    return ranked(found, typed, found)


def test_an_attribute_used_on_the_same_object_beats_a_more_common_one() -> None:
    code = "item.value\nitem.value\nitem.value\nself.valid\n" + "\n" * 30 + f"self.{CURSOR}"
    assert best(code, "va")[0] == "valid"


def test_a_name_used_nearby_beats_the_same_count_far_away() -> None:
    far = "totals = 1\n" + "\n" * 200
    code = far + f"total_cost = 2\nprint({CURSOR})"
    assert best(code, "tot") == ["total_cost", "totals"]


def test_attributes_rank_after_a_dot_and_names_elsewhere() -> None:
    code = f"reader.close()\nclosing = 1\nclosing += 1\nfile.{CURSOR}"
    assert best(code, "clo")[0] == "close"
    code = f"reader.close()\nreader.close()\nclosing = 1\n{CURSOR}"
    assert best(code, "clo")[0] == "closing"


def test_the_word_typed_and_numbers_are_not_offered() -> None:
    scores = document_scores(context(f"ab = abc = 1\n{CURSOR}", "ab"))
    assert set(scores) == {"abc"}


async def test_python_reserved_words_never_follow_a_dot_but_javascript_ones_may() -> None:
    code = f"def decode(x):\n    return x\n\n\nvalue.{CURSOR}"
    items = await KeywordProvider(PYTHON).complete(context(code, "de"), 5)
    assert [item.label for item in items] == ["decode"]
    code = f"const x = {{}};\nx.default = 1;\ny.{CURSOR}"
    items = await KeywordProvider(JAVASCRIPT).complete(context(code, "de"), 5)
    assert [item.label for item in items] == ["default"]
