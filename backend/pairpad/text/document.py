"""CodeMirror's ChangeSet JSON format applied to text, counting UTF-16 code units as browsers do.

A change set is a list whose items are a number (keep that many units) or a list
`[deleteLength, *insertedLines]` (delete, then insert the lines joined by "\\n"). The text is kept
as UTF-16-LE bytes so a position `p` is simply byte offset `2 * p`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pairpad.storable import NUL_REFUSED

_HIGH_SURROGATES = range(0xD800, 0xDC00)
MAX_CHANGE_ITEMS = 10_000


class InvalidChange(ValueError):
    """A change set that is malformed or does not fit the document."""


def normalize_newlines(text: str) -> str:
    """Store "\\n" line breaks only, as CodeMirror does with "\\r\\n" and "\\r"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _encode(text: str) -> bytes:
    """The text as UTF-16-LE, refusing what no browser sends and PostgreSQL cannot store."""
    if "\x00" in text:
        raise InvalidChange(f"Text {NUL_REFUSED}.")
    try:
        return text.encode("utf-16-le")
    except UnicodeEncodeError as exc:
        raise InvalidChange("Text contains a lone UTF-16 surrogate.") from exc


@dataclass(frozen=True, slots=True)
class Document:
    """Immutable text addressed in UTF-16 code units."""

    units: bytes

    @classmethod
    def from_text(cls, text: str) -> "Document":
        return cls(_encode(normalize_newlines(text)))

    @property
    def length(self) -> int:
        return len(self.units) // 2

    @property
    def text(self) -> str:
        return self.units.decode("utf-16-le")

    def splits_surrogate_pair(self, position: int) -> bool:
        if position <= 0 or position >= self.length:
            return False
        unit = self.units[2 * position - 2] | (self.units[2 * position - 1] << 8)
        return unit in _HIGH_SURROGATES

    def apply(self, changes: Any) -> "Document":
        """Return the document with `changes` applied, or raise InvalidChange and change nothing."""
        if not isinstance(changes, list):
            raise InvalidChange("A change set must be a JSON list.")
        if len(changes) > MAX_CHANGE_ITEMS:
            raise InvalidChange(f"A change set may have at most {MAX_CHANGE_ITEMS} items.")
        parts: list[bytes] = []
        position = 0
        for item in changes:
            if is_count(item):
                end = position + item
                if end > self.length:
                    break
                parts.append(self.units[2 * position : 2 * end])
                position = end
                continue
            deleted, inserted = parse_replacement(item)
            end = position + deleted
            if end > self.length:
                break
            if self.splits_surrogate_pair(position) or self.splits_surrogate_pair(end):
                raise InvalidChange(f"The change at {position}..{end} splits a surrogate pair.")
            parts.append(inserted)
            position = end
        else:
            if position == self.length:
                return Document(b"".join(parts))
        covered = change_length(changes)
        raise InvalidChange(
            f"The change set covers {covered} characters but the document has {self.length}."
        )


def is_count(item: Any) -> bool:
    return isinstance(item, int) and not isinstance(item, bool) and item >= 0


def parse_replacement(item: Any) -> tuple[int, bytes]:
    if not isinstance(item, list) or not item or not is_count(item[0]):
        raise InvalidChange(
            "Each change item must be a non-negative number or [deleteLength, ...lines]."
        )
    lines = item[1:]
    for line in lines:
        if not isinstance(line, str):
            raise InvalidChange("Inserted lines must be strings.")
        if "\n" in line or "\r" in line:
            raise InvalidChange("Inserted lines must not contain line breaks; split them.")
    return item[0], _encode("\n".join(lines))


def change_length(changes: Sequence[Any]) -> int:
    """The document length a well-formed change set expects (for error messages)."""
    total = 0
    for item in changes:
        if is_count(item):
            total += item
        elif isinstance(item, list) and item and is_count(item[0]):
            total += item[0]
    return total


def _common_prefix_units(a: bytes, b: bytes) -> int:
    low, high = 0, min(len(a), len(b)) // 2
    while low < high:
        middle = (low + high + 1) // 2
        if a[: 2 * middle] == b[: 2 * middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix_units(a: bytes, b: bytes, limit: int) -> int:
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - 2 * middle :] == b[len(b) - 2 * middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def diff_to_changes(old: Document, new: Document) -> list[Any] | None:
    """The smallest single-replacement change set turning `old` into `new`; None if equal."""
    if old.units == new.units:
        return None
    prefix = _common_prefix_units(old.units, new.units)
    if old.splits_surrogate_pair(prefix):
        prefix -= 1
    limit = min(old.length, new.length) - prefix
    suffix = _common_suffix_units(old.units, new.units, limit)
    if suffix and old.splits_surrogate_pair(old.length - suffix):
        suffix -= 1
    inserted = new.units[2 * prefix : len(new.units) - 2 * suffix].decode("utf-16-le")
    deleted = old.length - prefix - suffix
    changes: list[Any] = [prefix] if prefix else []
    changes.append([deleted, *inserted.split("\n")] if inserted else [deleted])
    if suffix:
        changes.append(suffix)
    return changes
