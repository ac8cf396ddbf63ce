"""Order candidates the same way for every provider: what is typed, then what the document uses."""

import re
from collections import Counter
from collections.abc import Iterable, Mapping

IDENTIFIER = re.compile(r"(?!\d)[\w$]+")


def identifier_counts(text: str) -> Counter[str]:
    """How often each identifier occurs: names the document uses a lot are likely next."""
    return Counter(IDENTIFIER.findall(text))


def ranked(names: Iterable[str], prefix: str, counts: Mapping[str, int]) -> list[str]:
    """The names that extend `prefix`, best first.

    The exact word typed comes first (nothing left to add), then public before `_private`
    unless an underscore is typed, then the most used in the document, then the shortest.
    """
    hide_private = not prefix.startswith("_")
    matching = {name for name in names if name.startswith(prefix)}
    return sorted(
        matching,
        key=lambda name: (
            name != prefix,
            hide_private and name.startswith("_"),
            -counts.get(name, 0),
            len(name),
            name,
        ),
    )
