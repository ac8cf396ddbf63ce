"""What one pushed change costs the server, so that no message can hold the event loop.

The work a change set causes (applying it, rebasing it, composing it) grows with its items and
the lines it inserts. Counting them is cheap: the top-level list and the length of each item.
"""

from typing import Any


def change_cost(changes: Any) -> int:
    """Items plus inserted lines: about one unit of work each."""
    if not isinstance(changes, list):
        return 1
    return sum(len(item) if isinstance(item, list) else 1 for item in changes)


def changes_nothing(changes: list[Any]) -> bool:
    """A well-formed change set that keeps every character and inserts none (`[3]`, `[[0]]`)."""
    return all(not isinstance(item, list) or item in ([0], [0, ""]) for item in changes)
