"""A memory cgroup per run uid: one limit on everything a run holds in memory, the files it
writes to tmpfs or to memfd included, which no rlimit counts.

The groups live in `pairpad/` at the root of the hierarchy that has the memory controller (v2
preferred, else v1), one per uid, reused run after run; `confine.py` joins the uid's group as
root, before it drops to the run's uid, so the program never runs outside it.
"""

from abc import ABC, abstractmethod
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

MOUNTS = Path("/proc/self/mounts")
GROUP_DIR = "pairpad"


class RunCgroups(ABC):
    """Memory cgroups under `parent`, one per run uid."""

    version: ClassVar[str]
    events_file: ClassVar[str]

    def __init__(self, parent: Path) -> None:
        self.parent = parent

    def group(self, uid: int) -> Path:
        return self.parent / f"run-{uid}"

    def prepare(self, uid: int, limit_bytes: int) -> Path:
        """The uid's group, created when missing, limited to `limit_bytes`; returns the file a
        process writes its pid to to join it."""
        group = self.group(uid)
        group.mkdir(exist_ok=True)  # reused: the uid's previous run left it empty
        self._set_limit(group, limit_bytes)
        return group / "cgroup.procs"

    def oom_kills(self, uid: int) -> int:
        """How many processes the kernel has killed in the uid's group for passing its limit."""
        for line in (self.group(uid) / self.events_file).read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def remove(self, uid: int) -> None:
        """Delete the uid's group; it must hold no process."""
        with suppress(FileNotFoundError):
            self.group(uid).rmdir()

    @classmethod
    @abstractmethod
    def find_mount(cls, mounts: list[list[str]]) -> Path | None:
        """Where this version's hierarchy with the memory controller is mounted, if it is."""

    @classmethod
    @abstractmethod
    def create(cls, mount: Path) -> "RunCgroups":
        """Make the parent group in `mount`; raises OSError when the host does not allow it."""

    @abstractmethod
    def _set_limit(self, group: Path, limit_bytes: int) -> None: ...


class CgroupV2(RunCgroups):
    version = "cgroup v2"
    events_file = "memory.events"

    @classmethod
    def find_mount(cls, mounts: list[list[str]]) -> Path | None:
        for _device, mount, kind, *_ in mounts:
            controllers = Path(mount, "cgroup.controllers")
            if kind == "cgroup2" and "memory" in controllers.read_text().split():
                return Path(mount)
        return None

    @classmethod
    def create(cls, mount: Path) -> "CgroupV2":
        parent = mount / GROUP_DIR
        parent.mkdir(exist_ok=True)
        # Children get a memory controller only when their parent hands it down.
        (parent / "cgroup.subtree_control").write_text("+memory")
        return cls(parent)

    def _set_limit(self, group: Path, limit_bytes: int) -> None:
        (group / "memory.max").write_text(str(limit_bytes))
        swap = group / "memory.swap.max"
        if swap.exists():
            swap.write_text("0")
        # Past the limit the whole run ends, not only its biggest process.
        oom_group = group / "memory.oom.group"
        if oom_group.exists():
            oom_group.write_text("1")


class CgroupV1(RunCgroups):
    version = "cgroup v1"
    events_file = "memory.oom_control"

    @classmethod
    def find_mount(cls, mounts: list[list[str]]) -> Path | None:
        for _device, mount, kind, options, *_ in mounts:
            if kind == "cgroup" and "memory" in options.split(","):
                return Path(mount)
        return None

    @classmethod
    def create(cls, mount: Path) -> "CgroupV1":
        parent = mount / GROUP_DIR
        parent.mkdir(exist_ok=True)
        return cls(parent)

    def _set_limit(self, group: Path, limit_bytes: int) -> None:
        memory = group / "memory.limit_in_bytes"
        # memory+swap may never be below memory alone: raise it first, lower it last.
        limits = [memory, group / "memory.memsw.limit_in_bytes"]
        limits = [path for path in limits if path.exists()]
        if limit_bytes > int(memory.read_text()):
            limits.reverse()
        for path in limits:
            path.write_text(str(limit_bytes))


def find_run_cgroups() -> tuple[RunCgroups | None, str | None]:
    """The memory cgroups runs can be limited by, or None and why the host offers none."""
    mounts = [line.split() for line in MOUNTS.read_text().splitlines()]
    reasons = []
    for version in (CgroupV2, CgroupV1):
        try:
            mount = version.find_mount(mounts)
            if mount is None:
                reasons.append(f"no {version.version} hierarchy has the memory controller")
                continue
            return version.create(mount), None
        except OSError as exc:
            reasons.append(f"{version.version}: {exc}")
    return None, "; ".join(reasons)
