"""Claiming a block of uids that no other PairPad server on this host is using.

Runs are told apart, limited and cleaned up by uid, so two servers sharing uids would kill each
other's runs. Each uid is held through an exclusive lock on a file of its own for as long as the
server runs; the kernel drops the locks when the process ends, however it ends.
"""

import fcntl
import os
import tempfile
from pathlib import Path

LOCK_DIR = Path("/run/lock") if Path("/run/lock").is_dir() else Path(tempfile.gettempdir())
BLOCKS_TRIED = 64


class UidBlock:
    """Consecutive uids held by this process until `release`."""

    def __init__(self, uids: range, lock_fds: list[int]) -> None:
        self.uids = uids
        self._lock_fds = lock_fds

    def release(self) -> None:
        for fd in self._lock_fds:
            os.close(fd)
        self._lock_fds = []


def claim_uid_block(first: int, size: int) -> UidBlock | None:
    """The first block of `size` uids from `first` on that no other server holds, or None."""
    for start in range(first, first + size * BLOCKS_TRIED, size):
        uids = range(start, start + size)
        lock_fds = _lock_each(uids)
        if lock_fds is not None:
            return UidBlock(uids, lock_fds)
    return None


def _lock_each(uids: range) -> list[int] | None:
    """Lock every uid's file, or none of them when one is already held."""
    held: list[int] = []
    for uid in uids:
        # Readable by root only, so a run can never take a lock and starve the server.
        fd = os.open(LOCK_DIR / f"pairpad-uid-{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            for other in held:
                os.close(other)
            return None
        held.append(fd)
    return held
