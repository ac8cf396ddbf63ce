"""The compile report's pipe is closed once per end, whatever the kernel does with the numbers.

A run's write end used to be closed twice: after the sandbox started and again when the run
ended. In between, the number could belong to another run's pipe or a socket, and the second
close took that away (servers starting together saw `[Errno 9] Bad file descriptor` from a
probe run, and one exited).
"""

import os

from pairpad.execution.sandbox import _ReportPipe


def reopen(number: int) -> list[int]:
    """Open files until one gets `number` (the kernel hands out the lowest free number)."""
    opened = []
    while not opened or opened[-1] != number:
        opened.append(os.open(os.devnull, os.O_RDONLY))
        assert len(opened) < 64, f"the kernel did not hand out {number} again"
    return opened


def test_closing_the_pipe_leaves_a_file_that_reuses_its_write_number_alone() -> None:
    pipe = _ReportPipe()
    pipe.close_write()
    someone_elses = reopen(pipe.write_fd)
    try:
        pipe.close()
        for fd in someone_elses:
            os.fstat(fd)  # raises OSError (EBADF) if the pipe closed it
    finally:
        for fd in someone_elses:
            os.close(fd)
