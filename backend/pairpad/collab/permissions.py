"""Who may do what in a room, decided in one place for REST and the WebSocket alike.

| action                                             | viewer | editor        | host |
|----------------------------------------------------|--------|---------------|------|
| read text, history, participants, run results      | yes    | yes           | yes  |
| change the text, run, language, name               | no     | while active  | yes  |
| end or reopen, delete, notes, rotate links, remove | no     | no            | yes  |
"""

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    HOST = "host"


class Status(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


def why_not_edit(role: Role, status: Status) -> str | None:
    """Why `role` may not change the room now, or None if it may."""
    if role is Role.VIEWER:
        return "This link is view-only."
    if role is Role.EDITOR and status is Status.ENDED:
        return "The interview has ended; the room is read-only."
    return None


def why_not_host(role: Role, action: str) -> str | None:
    """Why `role` may not do the host's `action` (e.g. "delete the room"), or None."""
    return None if role is Role.HOST else f"Only the room's host may {action}."
