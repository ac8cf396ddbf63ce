"""The first code of every run, started as root: it joins the run's memory cgroup, drops to the
run's uid for good, sets rlimits, then Landlock and seccomp when the isolation asks for them, and
executes the real command.

The server hands this file's source to the host's Python with `-c` (the server's own interpreter
may live where the run's uid cannot read), so it uses the standard library only. Doing all this
here rather than in a `preexec_fn` keeps the threaded server free of fork-unsafe callbacks; the
server's uvloop event loop offers no `user=` either.
"""

import ctypes
import json
import os
import resource
import sys
from typing import Any

_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1

_ACCESS_FS_EXECUTE = 1 << 0
_ACCESS_FS_WRITE_FILE = 1 << 1
_ACCESS_FS_READ_FILE = 1 << 2
_ACCESS_FS_READ_DIR = 1 << 3
# Every filesystem right each ABI knows: handling all of them denies whatever no rule grants.
_ACCESS_FS_ALL_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
_ACCESS_FS_ALL_LATEST = (1 << 16) - 1
_ACCESS_NET_BIND_AND_CONNECT_TCP = 0b11  # ABI 4
_SCOPE_ABSTRACT_UNIX_AND_SIGNAL = 0b11  # ABI 6

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_BPF_INSTRUCTION_BYTES = 8

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def _checked(result: int, what: str) -> int:
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")
    return result


def landlock_abi() -> int:
    """The Landlock ABI version the kernel offers, or 0 when it offers none."""
    version = _libc.syscall(
        _SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), _LANDLOCK_CREATE_RULESET_VERSION
    )
    return max(int(version), 0)


def _landlock_ruleset(abi: int) -> _RulesetAttr:
    """Handle every right this kernel knows, so only what a rule grants stays allowed."""
    attr = _RulesetAttr(handled_access_fs=_ACCESS_FS_ALL_BY_ABI.get(abi, _ACCESS_FS_ALL_LATEST))
    if abi >= 4:
        attr.handled_access_net = _ACCESS_NET_BIND_AND_CONNECT_TCP
    if abi >= 6:
        attr.scoped = _SCOPE_ABSTRACT_UNIX_AND_SIGNAL
    return attr


def restrict_filesystem(readable: list[str]) -> None:
    """Allow reading and executing beneath `readable` and nothing else on the filesystem;
    where the kernel can, also no TCP and no signals to processes outside the sandbox."""
    abi = landlock_abi()
    if abi < 1:
        raise OSError("Landlock is not available")
    attr = _landlock_ruleset(abi)
    ruleset = _checked(
        _libc.syscall(
            _SYS_LANDLOCK_CREATE_RULESET,
            ctypes.byref(attr),
            ctypes.c_size_t(ctypes.sizeof(attr)),
            0,
        ),
        "landlock_create_ruleset",
    )
    file_rights = _ACCESS_FS_READ_FILE | _ACCESS_FS_EXECUTE
    for path in readable:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        try:
            # Directory-only rights are rejected on a rule for a single file.
            is_dir = os.path.isdir(path)
            rights = file_rights | _ACCESS_FS_READ_DIR if is_dir else file_rights
            rule = _PathBeneathAttr(allowed_access=rights, parent_fd=fd)
            _checked(
                _libc.syscall(
                    _SYS_LANDLOCK_ADD_RULE,
                    ruleset,
                    _LANDLOCK_RULE_PATH_BENEATH,
                    ctypes.byref(rule),
                    0,
                ),
                f"landlock_add_rule {path}",
            )
        finally:
            os.close(fd)
    _checked(_libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0), "landlock_restrict_self")
    os.close(ruleset)


def install_seccomp(fd: int) -> None:
    """Load the BPF program the server compiled (read from `fd`) as this process's filter."""
    program = b""
    while chunk := os.read(fd, 65536):
        program += chunk
    os.close(fd)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len=len(program) // _BPF_INSTRUCTION_BYTES, filter=ctypes.addressof(buffer))
    _checked(
        _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0), "seccomp"
    )


def drop_to(uid: int) -> None:
    """Become `uid` (and the group of the same number) with no way back to root."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid) or os.getgroups():
        raise OSError(f"could not drop to uid {uid}")


def confine_and_exec(plan: dict[str, Any]) -> None:
    """Apply the plan's limits and confinement to this process, then become its command."""
    if plan["cgroup_procs"] is not None:
        # As root, so that any cgroup version lets it move; "0" is the writing process itself.
        with open(plan["cgroup_procs"], "w") as procs:
            procs.write("0")
    drop_to(plan["uid"])
    for name, (soft, hard) in plan["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (soft, hard))
    _checked(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if plan["landlock_readable"] is not None:
        restrict_filesystem(plan["landlock_readable"])
    if plan["seccomp_fd"] is not None:
        install_seccomp(plan["seccomp_fd"])
    os.execve(plan["argv"][0], plan["argv"], plan["env"])


if __name__ == "__main__":
    confine_and_exec(json.loads(sys.argv[1]))
