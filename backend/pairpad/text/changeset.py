"""CodeMirror's change-set arithmetic (`@codemirror/state`): mapping one change set over
another and composing two, with exactly its rules, ties included.

The editor maps what it receives over its own unconfirmed changes with this arithmetic, so a
server that moves changes must use the same rules, or the two sides end with different text. A
change set is a flat list of sections, pairs of (length in the old text, length of its
replacement, or -1 where the text is kept), plus the inserted lines of each replaced section.
Lengths count UTF-16 code units.
"""

from dataclasses import dataclass, field
from typing import Any

from pairpad.text.document import InvalidChange, is_count, parse_replacement

KEPT = -1
_END = -2
Lines = tuple[str, ...]
EMPTY: Lines = ("",)


def _length(lines: Lines) -> int:
    return sum(len(line.encode("utf-16-le")) // 2 for line in lines) + len(lines) - 1


def _joined(first: Lines, second: Lines) -> Lines:
    return (*first[:-1], first[-1] + second[0], *second[1:])


@dataclass(slots=True)
class ChangeSet:
    sections: list[int] = field(default_factory=list)
    inserted: list[Lines] = field(default_factory=list)
    """The lines each replaced section inserts, by section number; missing ones insert nothing."""

    @classmethod
    def from_json(cls, changes: Any) -> "ChangeSet":
        """Parse the wire format, normalized as CodeMirror builds its change sets."""
        if not isinstance(changes, list):
            raise InvalidChange("A change set must be a JSON list.")
        result = cls()
        for item in changes:
            if is_count(item):
                result.add(item, KEPT)
                continue
            deleted, inserted = parse_replacement(item)
            lines = tuple(item[1:]) or EMPTY
            result.add(deleted, len(inserted) // 2, lines)
        return result

    def to_json(self) -> list[Any]:
        parts: list[Any] = []
        for index in range(0, len(self.sections), 2):
            length, inserted = self.sections[index], self.sections[index + 1]
            if inserted < 0:
                parts.append(length)
            elif inserted == 0:
                parts.append([length])
            else:
                parts.append([length, *self.inserted[index // 2]])
        return parts

    @property
    def length(self) -> int:
        return sum(self.sections[0::2])

    @property
    def empty(self) -> bool:
        return not self.sections or (len(self.sections) == 2 and self.sections[1] < 0)

    def add(self, length: int, inserted: int, lines: Lines = EMPTY, join: bool = False) -> None:
        """Append a section, merging it into the last one where CodeMirror would."""
        sections = self.sections
        if length or inserted > 0:
            last = len(sections) - 2
            if last >= 0 and inserted <= 0 and inserted == sections[last + 1]:
                sections[last] += length
            elif last >= 0 and length == 0 and sections[last] == 0:
                sections[last + 1] += inserted
            elif join:
                sections[last] += length
                sections[last + 1] += inserted
            else:
                sections += [length, inserted]
        if inserted > 0 and lines is not EMPTY:
            index = (len(sections) - 2) // 2
            if index < len(self.inserted):
                self.inserted[-1] = _joined(self.inserted[-1], lines)
            else:
                self.inserted += [EMPTY] * (index - len(self.inserted))
                self.inserted.append(lines)

    def map(self, other: "ChangeSet", before: bool = False) -> "ChangeSet":
        """These changes moved to apply after `other` (both start from one text); `before` puts
        these first where both insert at one place."""
        return self if other.empty else _map(self, other, before)

    def compose(self, other: "ChangeSet") -> "ChangeSet":
        """The sections of these changes followed by `other` (inserted text is not kept)."""
        if self.empty:
            return other
        return self if other.empty else _compose(self, other)


class _Cursor:
    """A position in a change set's sections: CodeMirror's SectionIter."""

    def __init__(self, changes: ChangeSet) -> None:
        self.changes = changes
        self.i = 0
        self.len = 0
        self.ins = _END
        self.off = 0
        self.next()

    def next(self) -> None:
        sections = self.changes.sections
        if self.i < len(sections):
            self.len, self.ins = sections[self.i], sections[self.i + 1]
            self.i += 2
        else:
            self.len, self.ins = 0, _END
        self.off = 0

    @property
    def done(self) -> bool:
        return self.ins == _END

    @property
    def len2(self) -> int:
        return self.len if self.ins < 0 else self.ins

    @property
    def text(self) -> Lines:
        index = (self.i - 2) // 2
        inserted = self.changes.inserted
        return inserted[index] if index < len(inserted) else EMPTY

    def forward(self, length: int) -> None:
        if length == self.len:
            self.next()
        else:
            self.len -= length
            self.off += length

    def forward2(self, length: int) -> None:
        if self.ins == KEPT:
            self.forward(length)
        elif length == self.ins:
            self.next()
        else:
            self.ins -= length
            self.off += length


def mismatch() -> InvalidChange:
    return InvalidChange("The change set does not fit the text it was made for.")


def _map(a_set: ChangeSet, b_set: ChangeSet, before: bool) -> ChangeSet:
    """CodeMirror's mapSet: `a_set` moved over `b_set`, keeping `a_set`'s inserted text."""
    result = ChangeSet()
    a, b = _Cursor(a_set), _Cursor(b_set)
    inserted = -1  # the section of `a` whose text is already in the result
    while True:
        if (a.done and b.len) or (b.done and a.len):
            raise mismatch()
        if a.ins == KEPT and b.ins == KEPT:
            length = min(a.len, b.len)
            result.add(length, KEPT)
            a.forward(length)
            b.forward(length)
        elif b.ins >= 0 and (
            a.ins < 0
            or inserted == a.i
            or (a.off == 0 and (b.len < a.len or (b.len == a.len and not before)))
        ):
            # A change in `b` that comes first: skip it, with whatever of `a` it covers.
            length = b.len
            result.add(b.ins, KEPT)
            while length:
                if a.done:
                    raise mismatch()
                piece = min(a.len, length)
                if a.ins >= 0 and inserted < a.i and a.len <= piece:
                    result.add(0, a.ins, a.text)
                    inserted = a.i
                a.forward(piece)
                length -= piece
            b.next()
        elif a.ins >= 0:
            # A change in `a` up to the next change of `b` that is not a plain deletion.
            length, left = 0, a.len
            while left:
                if b.ins == KEPT:
                    piece = min(left, b.len)
                    length += piece
                    left -= piece
                    b.forward(piece)
                elif b.ins == 0 and b.len < left:
                    left -= b.len
                    b.next()
                else:
                    break
            fresh = inserted < a.i
            result.add(length, a.ins if fresh else 0, a.text if fresh else EMPTY)
            inserted = a.i
            a.forward(a.len - left)
        elif a.done and b.done:
            return result
        else:
            raise mismatch()


def _compose(a_set: ChangeSet, b_set: ChangeSet) -> ChangeSet:
    """CodeMirror's composeSets, sections only (all that mapping over them needs)."""
    result = ChangeSet()
    a, b = _Cursor(a_set), _Cursor(b_set)
    joining = False
    while True:
        if a.done and b.done:
            return result
        if a.ins == 0:
            result.add(a.len, 0, join=joining)
            a.next()
        elif b.len == 0 and not b.done:
            result.add(0, b.ins, join=joining)
            b.next()
        elif a.done or b.done:
            raise mismatch()
        else:
            length, count = min(a.len2, b.len), len(result.sections)
            if a.ins == KEPT:
                result.add(length, KEPT if b.ins == KEPT else 0 if b.off else b.ins, join=joining)
            elif b.ins == KEPT:
                result.add(0 if a.off else a.len, length, join=joining)
            else:
                result.add(0 if a.off else a.len, 0 if b.off else b.ins, join=joining)
            joining = (a.ins > length or (b.ins >= 0 and b.len > length)) and (
                joining or len(result.sections) > count
            )
            a.forward2(length)
            b.forward(length)
