"""What can go wrong with a room's live text, as errors that carry their code: a REST route
answers with them, the WebSocket sends them as `error` frames."""

from typing import Any

from pairpad.errors import (
    AppError,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
)


class RoomNotFound(NotFound):
    code = "room_not_found"

    def __init__(self, room_id: str) -> None:
        super().__init__(f"Room {room_id!r} does not exist.")


class RoomDeleted(RoomNotFound):
    def __init__(self) -> None:
        AppError.__init__(self, "The room was deleted.")


class RoomFull(AppError):
    code = "room_full"
    status_code = 409

    def __init__(self, limit: int) -> None:
        super().__init__(f"The room already has {limit} people.")


class ReadOnly(Forbidden):
    """A change from a viewer, or from an editor once the interview has ended."""

    code = "read_only"


class InvalidChangeError(AppError):
    """A change that is malformed or does not fit the text (docs/protocol.md)."""

    code = "invalid_change"
    status_code = 422


class DocumentTooLarge(PayloadTooLarge):
    code = "document_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"Documents are limited to {limit} characters.")


class VersionConflict(Conflict):
    """A change made against a version of the text that is no longer the current one."""

    code = "version_conflict"

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"The text is at version {current}, not {expected}: read it again and retry."
        )
        self.version = current

    def details(self) -> dict[str, Any]:
        return {"version": self.version}


class RoomBusy(ServiceUnavailable):
    code = "room_busy"

    def __init__(self) -> None:
        super().__init__("The room has too many pending changes; retry shortly.")


class ChangesRefused(AppError):
    """The database refused to store the changes themselves; sending them again cannot help."""

    code = "unstorable"
    status_code = 422

    def __init__(self) -> None:
        super().__init__("The database refused these changes.")


class ChangeNotStored(ServiceUnavailable):
    code = "internal_error"

    def __init__(self) -> None:
        super().__init__("The change could not be stored.")
