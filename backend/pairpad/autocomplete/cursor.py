"""From the editor's text and UTF-16 cursor offset to the context providers complete in."""

import re

from pairpad.autocomplete.exceptions import CodeTooLarge, InvalidCursor
from pairpad.autocomplete.providers.base import CompletionContext
from pairpad.errors import InvalidInput
from pairpad.text.document import Document, InvalidChange

_WORD_CHARACTER = re.compile(r"[\w$]")


def completion_context(code: str, cursor_position: int, max_units: int) -> CompletionContext:
    """Split the text at the cursor, counting UTF-16 code units as the browser editor does."""
    try:
        document = Document.from_text(code)
    except InvalidChange as exc:
        raise InvalidInput(f"code: {exc}") from None
    if document.length > max_units:
        raise CodeTooLarge(max_units)
    if cursor_position > document.length:
        raise InvalidCursor(
            f"cursorPosition {cursor_position} is past the end of the code "
            f"({document.length} UTF-16 code units)."
        )
    if document.splits_surrogate_pair(cursor_position):
        raise InvalidCursor(
            f"cursorPosition {cursor_position} falls between the two halves of a surrogate pair."
        )
    before = document.units[: 2 * cursor_position].decode("utf-16-le")
    after = document.units[2 * cursor_position :].decode("utf-16-le")
    word_start = len(before)
    while word_start and _WORD_CHARACTER.match(before[word_start - 1]):
        word_start -= 1
    return CompletionContext(
        text=before[:word_start] + after, position=word_start, prefix=before[word_start:]
    )
