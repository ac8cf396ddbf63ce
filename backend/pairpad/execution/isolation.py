"""The ways a run can be walled off from the host, strongest first; the probe picks one.

Each turns a job into a launch plan for `confine.py`, which joins the run's cgroup, drops to the
run's uid, applies the rlimits and then, as the plan says, Landlock and seccomp before it
executes the plan's command.
"""

import os
import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pairpad.execution.confine import landlock_abi
from pairpad.execution.runtimes import Program

SANDBOX_HOME = "/home/sandbox"
# The uid and gid a run has inside its user namespace: "nobody", owning nothing on the host.
SANDBOX_ID = "65534"
MERGED_USR_DIRS = ("/bin", "/sbin", "/lib", "/lib64")


@dataclass(frozen=True)
class Job:
    """One run as an isolation sees it: the host directory holding the source, and the program."""

    workspace: Path
    program: Program
    seccomp_fd: int
    workspace_bytes: int


@dataclass(frozen=True)
class Launch:
    """What `confine.py` does after setting rlimits: confine itself as asked, then exec `argv`."""

    argv: list[str]
    env: dict[str, str]
    landlock_readable: list[str] | None
    seccomp_fd: int | None

    def as_plan(
        self, uid: int, cgroup_procs: Path | None, rlimits: dict[str, tuple[int, int]]
    ) -> dict[str, Any]:
        return {
            "uid": uid,
            "cgroup_procs": None if cgroup_procs is None else str(cgroup_procs),
            "rlimits": rlimits,
            "argv": self.argv,
            "env": self.env,
            "landlock_readable": self.landlock_readable,
            "seccomp_fd": self.seccomp_fd,
        }


def program_env(home: str) -> dict[str, str]:
    """The whole environment a program sees: nothing of the server's leaks in."""
    return {"PATH": "/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8"}


@dataclass(frozen=True)
class WritableMount:
    """A place a program may write: a tmpfs of a fixed size."""

    path: str
    size_bytes: int


class Isolation(ABC):
    name: ClassVar[str]
    description: ClassVar[str]

    def missing(self) -> str | None:
        """Why this host cannot offer the isolation, when that shows without trying it."""
        return None

    @abstractmethod
    def writable_mounts(self, workspace_bytes: int) -> list[WritableMount] | None:
        """Every place a program may write, or None when the isolation does not confine writes."""

    @abstractmethod
    def launch(self, job: Job) -> Launch: ...


class Bubblewrap(Isolation):
    name = "bubblewrap"
    description = (
        "bubblewrap: own user, PID, network, IPC and mount namespaces; everything read-only "
        "but a tmpfs home of fixed size; seccomp; rlimits; a uid of its own"
    )

    def __init__(self, command: str) -> None:
        self.command = command

    def missing(self) -> str | None:
        return None if shutil.which(self.command) else f"{self.command} was not found"

    def writable_mounts(self, workspace_bytes: int) -> list[WritableMount] | None:
        return [WritableMount(SANDBOX_HOME, workspace_bytes)]

    def launch(self, job: Job) -> Launch:
        bwrap = shutil.which(self.command) or self.command
        namespaces = [
            "--unshare-all",
            "--unshare-user",
            "--uid",
            SANDBOX_ID,
            "--gid",
            SANDBOX_ID,
            "--disable-userns",
            "--cap-drop",
            "ALL",
            "--die-with-parent",
            # The program is its namespace's init, reaped by bubblewrap itself; bubblewrap's own
            # init would be orphaned when the program ends and linger as the host's zombie.
            "--as-pid-1",
            "--new-session",
            "--clearenv",
        ]
        filesystem = [
            *("--ro-bind", "/usr", "/usr"),
            *_merged_usr_links(),
            *(arg for path in job.program.host_paths for arg in ("--ro-bind", path, path)),
            *("--proc", "/proc", "--dev", "/dev"),
            *("--size", str(job.workspace_bytes), "--tmpfs", SANDBOX_HOME),
            "--ro-bind",
            str(job.workspace / job.program.source_name),
            f"{SANDBOX_HOME}/{job.program.source_name}",
            # The root and /dev (with /dev/shm) are tmpfs too, of no size limit: tmpfs is
            # memory, so nothing but the sized home may be writable. bubblewrap 0.8 can size
            # only a --tmpfs, and nothing needs to write there.
            *("--remount-ro", "/dev", "--remount-ro", "/"),
            *("--chdir", SANDBOX_HOME),
        ]
        env = [
            arg
            for name, value in program_env(SANDBOX_HOME).items()
            for arg in ("--setenv", name, value)
        ]
        seccomp = ["--seccomp", str(job.seccomp_fd)]
        argv = [bwrap, *namespaces, *filesystem, *env, *seccomp, "--", *job.program.argv]
        return Launch(argv=argv, env={}, landlock_readable=None, seccomp_fd=None)


def _merged_usr_links() -> list[str]:
    """/bin, /lib and friends as the host has them: symlinks into /usr, or read-only binds."""
    args: list[str] = []
    for path in MERGED_USR_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


class Landlock(Isolation):
    name = "landlock"
    description = (
        "Landlock: read-only /usr and the source, nothing else on the filesystem; no TCP; "
        "seccomp; rlimits; a uid of its own"
    )

    def missing(self) -> str | None:
        return None if landlock_abi() else "the kernel offers no Landlock"

    def writable_mounts(self, workspace_bytes: int) -> list[WritableMount] | None:
        return []

    def launch(self, job: Job) -> Launch:
        readable = ["/usr", *job.program.host_paths, str(job.workspace)]
        return Launch(
            argv=list(job.program.argv),
            env=program_env(str(job.workspace)),
            landlock_readable=readable,
            seccomp_fd=job.seccomp_fd,
        )


class Basic(Isolation):
    name = "basic"
    description = (
        "basic: seccomp, rlimits and a uid of its own, but the host filesystem is readable "
        "wherever it is readable to everyone"
    )

    def writable_mounts(self, workspace_bytes: int) -> list[WritableMount] | None:
        return None

    def launch(self, job: Job) -> Launch:
        return Launch(
            argv=list(job.program.argv),
            env=program_env(str(job.workspace)),
            landlock_readable=None,
            seccomp_fd=job.seccomp_fd,
        )
