"""Values the database can store: PostgreSQL refuses U+0000 in text and in JSONB, and versions
are 32-bit integers.

Every value a client sends that may reach the database is checked at the edge against these,
so a bad one is refused with a clear error instead of failing a commit or a query later.
"""

from typing import Annotated

from pydantic import AfterValidator

MAX_VERSION = 2**31 - 1
"""The largest version (or position) a client may name; also exact in JavaScript."""
NUL_REFUSED = "must not contain the NUL character (U+0000)"


def refuse_nul(value: str) -> str:
    """The value unchanged, or ValueError if the database could not store it."""
    if "\x00" in value:
        raise ValueError(NUL_REFUSED)
    return value


StorableStr = Annotated[str, AfterValidator(refuse_nul)]
