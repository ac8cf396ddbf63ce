"""Room ids: unguessable, URL-safe and easy to read aloud."""

import re
import secrets

# Crockford's base32 in lower case: no i, l, o or u to mistake for 1, 0 or v.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
GROUPS = (4, 4, 5)  # 13 symbols x 5 bits = 65 bits of randomness


def new_room_id() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size)) for size in GROUPS)


_ROOM_ID = re.compile("-".join(f"[{ALPHABET}]{{{size}}}" for size in GROUPS))


def is_room_id(value: str) -> bool:
    """Whether `value` has the shape of a room id (anything else names no room)."""
    return _ROOM_ID.fullmatch(value) is not None
