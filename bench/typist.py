"""How simulated people type: when each keystroke comes, what it is, and where the cursor goes.

A model is plain data so the Node load generator can be handed the very same one and type the
same way into Yjs documents (bench/hocuspocus/typist.mjs follows these rules).
"""

import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

WORDS = (
    "def", "return", "value", "index", "result", "items", "for", "in", "if", "else", "self",
    "count", "total", "print", "range", "len", "None", "True", "name", "data", "key", "lambda",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TypingModel:
    name: str
    key_interval: tuple[float, float]
    """Seconds between keystrokes, uniform: (0.12, 0.28) is 5 characters a second on average."""
    pause_chance: float
    """After each word, the chance to stop and think for `pause` seconds."""
    pause: tuple[float, float]
    jump_chance: float
    """After each word, the chance to click somewhere else in the document."""
    erase_chance: float
    """Chance that a keystroke is a backspace."""
    line_words: tuple[int, int]
    """Words before pressing Enter."""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


HUMAN = TypingModel(
    name="human",
    key_interval=(0.12, 0.28),
    pause_chance=0.2,
    pause=(0.5, 2.0),
    jump_chance=0.1,
    erase_chance=0.05,
    line_words=(3, 8),
)
FLAT_OUT = TypingModel(
    name="flat out",
    key_interval=(0.005, 0.015),
    pause_chance=0.0,
    pause=(0.0, 0.0),
    jump_chance=0.02,
    erase_chance=0.05,
    line_words=(3, 8),
)


@dataclass(frozen=True, slots=True)
class Insert:
    char: str


@dataclass(frozen=True, slots=True)
class Erase:
    """Backspace: delete the character before the cursor."""


@dataclass(frozen=True, slots=True)
class Jump:
    fraction: float
    """Where the cursor lands, as a fraction of the document's length."""


Action = Insert | Erase | Jump


def keystrokes(model: TypingModel, rng: random.Random) -> Iterator[tuple[float, Action]]:
    """An endless stream of (seconds to wait, action); callers bound it by time."""
    words_left = rng.randint(*model.line_words)
    thinking = 0.0
    while True:
        for char in rng.choice(WORDS):
            wait = thinking + rng.uniform(*model.key_interval)
            thinking = 0.0
            yield wait, Erase() if rng.random() < model.erase_chance else Insert(char)
        words_left -= 1
        separator = " "
        if words_left == 0:
            separator = "\n"
            words_left = rng.randint(*model.line_words)
        yield rng.uniform(*model.key_interval), Insert(separator)
        if rng.random() < model.jump_chance:
            yield 0.0, Jump(rng.random())
        if rng.random() < model.pause_chance:
            thinking = rng.uniform(*model.pause)
