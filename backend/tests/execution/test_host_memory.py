"""A run cannot fill the host's memory: tmpfs is memory, so the only writable place is a tmpfs of
fixed size, and a memory cgroup counts what a run writes there and to memfd files.

Each attack writes for real and watches the host's Shmem in /proc/meminfo while it runs.
"""

import signal
import textwrap

import httpx

from pairpad.config import Settings
from pairpad.execution.sandbox import Limits
from tests.execution.builders import Confined, shmem_watched, with_settings

GIB = 1 << 30
# Where a program might hope to write; the working directory and HOME are added in the program.
PLACES = ("/", "/tmp", "/var/tmp", "/run", "/dev", "/dev/shm")


def fill_everywhere(then_memfd: bool = True) -> str:
    """A program writing up to 1 GiB, 1 MiB at a time, to a file in each place, then (if asked)
    to a memfd file; one line per place: `<place> blocked <error> <bytes written>` or
    `<place> FILLED <bytes written>`."""
    program = textwrap.dedent(
        f"""
        import os

        def fill(file):
            written = 0
            try:
                while written < {GIB}:
                    written += file.write(b"x" * 2**20)
            except OSError as exc:
                return f"blocked {{type(exc).__name__}} {{written}}"
            return f"FILLED {{written}}"

        for place in dict.fromkeys([*{PLACES!r}, os.getcwd(), os.environ["HOME"]]):
            try:
                file = open(os.path.join(place, "fill"), "wb", buffering=0)
            except OSError as exc:
                print(place, "blocked", type(exc).__name__, 0, flush=True)
                continue
            print(place, fill(file), flush=True)
        """
    )
    memfd = 'print("memfd", fill(open(os.memfd_create("fill"), "wb", buffering=0)), flush=True)\n'
    return program + memfd if then_memfd else program


# A file may be as big as the writes; only the mounts' sizes and the cgroup stop them. A small
# memory limit keeps what the cgroup lets through small next to the 1 GiB tried.
@with_settings(execution_max_file_bytes=2 * GIB, execution_memory_bytes=64 << 20)
async def test_writing_a_gib_everywhere_stops_at_the_limits_and_host_shmem_stays_within_them(
    confined: Confined, settings: Settings
) -> None:
    sandbox = confined.probe.sandbox
    assert sandbox is not None and sandbox.cgroups is not None, confined.probe.notes
    limits = Limits.from_settings(settings)
    async with shmem_watched() as shmem_growth:
        result = await confined.run(fill_everywhere())
    lines = [line.split() for line in result.stdout.splitlines()]
    places = [line for line in lines if line[0] != "memfd"]
    assert len(places) >= len(PLACES) + 1, result
    for place, verdict, _error, written in places:
        assert verdict == "blocked" and int(written) <= limits.workspace_bytes, (place, result)
    # The memfd file grows until the cgroup's limit ends the run; that is no timeout.
    assert all(line[0] != "memfd" for line in lines), result
    assert (result.exit_code, result.timed_out) == (128 + signal.SIGKILL, False), result
    assert shmem_growth() <= limits.run_memory_bytes
    assert shmem_growth() > limits.memory_bytes // 2, "the watch saw the memfd file grow"
    after = await confined.run("print('the slot works again')")
    assert after.stdout == "the slot works again\n", after


@with_settings(execution_max_file_bytes=2 * GIB)
async def test_the_home_tmpfs_is_the_only_writable_place_under_bubblewrap(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    code = fill_everywhere(then_memfd=False)
    response = await client.post("/execute", json={"language": "python", "code": code})
    lines = response.json()["stdout"].splitlines()
    verdicts = {place: rest for place, *rest in (line.split() for line in lines)}
    verdict, error, written = verdicts.pop("/home/sandbox")
    assert (verdict, error) == ("blocked", "OSError"), lines  # ENOSPC
    assert settings.execution_workspace_bytes - (1 << 20) < int(written)
    assert int(written) <= settings.execution_workspace_bytes
    assert {place: verdict[:2] for place, verdict in verdicts.items()} == {
        "/": ["blocked", "OSError"],
        "/tmp": ["blocked", "FileNotFoundError"],
        "/var/tmp": ["blocked", "FileNotFoundError"],
        "/run": ["blocked", "FileNotFoundError"],
        "/dev": ["blocked", "OSError"],
        "/dev/shm": ["blocked", "OSError"],
    }


async def test_capabilities_report_each_writable_mount_and_the_cgroup_memory_limit(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    limits = (await client.get("/execute/capabilities")).json()["limits"]
    assert limits["writableMounts"] == [
        {"path": "/home/sandbox", "sizeBytes": settings.execution_workspace_bytes}
    ]
    assert limits["cgroupMemoryBytes"] == Limits.from_settings(settings).run_memory_bytes
    assert limits["workspaceBytes"] == settings.execution_workspace_bytes


@with_settings(execution_isolation="landlock")
async def test_capabilities_under_landlock_report_no_writable_place(
    client: httpx.AsyncClient,
) -> None:
    limits = (await client.get("/execute/capabilities")).json()["limits"]
    assert limits["writableMounts"] == []
    assert limits["cgroupMemoryBytes"] is not None


@with_settings(execution_memory_cgroup=False)
async def test_without_a_memory_cgroup_runs_go_on_and_the_notes_say_so(
    client: httpx.AsyncClient,
) -> None:
    capabilities = (await client.get("/execute/capabilities")).json()
    assert capabilities["isolation"] == "bubblewrap"
    assert capabilities["limits"]["cgroupMemoryBytes"] is None
    assert any(note.startswith("memory cgroup: turned off") for note in capabilities["notes"])
    response = await client.post("/execute", json={"language": "python", "code": "print(1)"})
    assert response.json()["stdout"] == "1\n"
