"""Errors of the execution feature."""

from fastapi import status

from pairpad.errors import AppError, Conflict, PayloadTooLarge, ServiceUnavailable


class LanguageUnavailable(AppError):
    code = "language_unavailable"


class ExecutionUnavailable(ServiceUnavailable):
    code = "execution_unavailable"


class TooManyRuns(AppError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_runs"

    def __init__(self) -> None:
        super().__init__("Too many programs are running or waiting; try again in a moment.")


class TooManyRunsFromAddress(AppError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_runs_from_address"

    def __init__(self, address: str, limit: int) -> None:
        super().__init__(
            f"{address} already has {limit} runs going or waiting; try again when one is done."
        )


class RunInProgress(Conflict):
    code = "run_in_progress"

    def __init__(self, room_id: str) -> None:
        super().__init__(f"Room {room_id!r} is already running its code.")


class StdinTooLarge(PayloadTooLarge):
    code = "stdin_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"A program's input is limited to {limit} bytes of UTF-8.")


class NoRunInProgress(Conflict):
    code = "no_run_in_progress"

    def __init__(self, room_id: str) -> None:
        super().__init__(f"Room {room_id!r} has no run to stop here.")
