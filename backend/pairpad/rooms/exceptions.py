"""Errors of the rooms feature (a room's live text has its own: collab/exceptions.py)."""

from pairpad.errors import AppError, Conflict


class InvalidCode(AppError):
    code = "invalid_code"
    status_code = 422


class NotesChanged(Conflict):
    code = "notes_conflict"
