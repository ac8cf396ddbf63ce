"""Errors of the rooms feature."""

from pairpad.errors import AppError, NotFound, PayloadTooLarge


class RoomNotFound(NotFound):
    code = "room_not_found"

    def __init__(self, room_id: str) -> None:
        super().__init__(f"Room {room_id!r} does not exist.")


class DocumentTooLarge(PayloadTooLarge):
    code = "document_too_large"


class InvalidCode(AppError):
    code = "invalid_code"
    status_code = 422
