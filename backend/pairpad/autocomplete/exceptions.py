"""Errors of the autocomplete feature."""

from pairpad.errors import InvalidInput, PayloadTooLarge


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"


class CodeTooLarge(PayloadTooLarge):
    code = "code_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"Autocomplete reads at most {limit} characters (UTF-16 code units).")
