"""Errors of the rooms feature (a room's live text has its own: collab/exceptions.py)."""

from pairpad.errors import AppError


class InvalidCode(AppError):
    code = "invalid_code"
    status_code = 422
