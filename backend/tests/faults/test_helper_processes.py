"""A server killed with SIGKILL takes its helper processes (autocomplete's) with it."""

import time
from pathlib import Path

from tests.server import ServerProcess

FORKSERVER = "multiprocessing.forkserver"
RESOURCE_TRACKER = "multiprocessing.resource_tracker"
JEDI_SUBPROCESS = "jedi/inference/compiled/subprocess"


def process_table() -> dict[int, tuple[int, str, str]]:
    """Every live process: pid -> (parent pid, state, command line)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended while we looked
        # The command name in parentheses may hold spaces; the fields after it do not.
        state, parent = stat.rpartition(")")[2].split()[:2]
        table[int(entry.name)] = (int(parent), state, command)
    return table


def descendants(pid: int) -> dict[int, str]:
    """The processes below `pid`, with their command lines."""
    table = process_table()
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, (child_parent, _, command) in table.items():
            if child_parent == parent and child not in found:
                found[child] = command
                frontier.append(child)
    return found


def running(pids: set[int]) -> set[int]:
    """Those of `pids` still running (a zombie has ended; only its exit status is left)."""
    return {pid for pid, (_, state, _) in process_table().items() if pid in pids and state != "Z"}


def wait_for_autocomplete_worker(server: ServerProcess, timeout: float = 60) -> dict[int, str]:
    """The server's helper processes, once the warm-up has put jedi's worker to work."""
    assert server.process is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        helpers = descendants(server.process.pid)
        commands = list(helpers.values())
        # The forkserver and the worker it forked both run the forkserver's command line; the
        # worker starts jedi's own process when it first infers a compiled module (`os`).
        forked = sum(FORKSERVER in command for command in commands) >= 2
        if forked and any(JEDI_SUBPROCESS in command for command in commands):
            return helpers
        time.sleep(0.2)
    raise AssertionError(f"no busy autocomplete worker within {timeout}s: {server.log()}")


def test_sigkill_of_the_server_ends_the_autocomplete_worker_forkserver_and_tracker(
    start_server: type[ServerProcess],
) -> None:
    server = start_server(AUTOCOMPLETE_WARM_UP="true")
    helpers = wait_for_autocomplete_worker(server)
    assert any(RESOURCE_TRACKER in command for command in helpers.values()), helpers

    server.kill()
    killed_at = time.monotonic()
    survivors = running(set(helpers))
    while survivors and time.monotonic() - killed_at < 5:
        time.sleep(0.05)
        survivors = running(set(helpers))
    assert not survivors, {pid: helpers[pid] for pid in survivors}
