"""The seccomp filter every run gets: threads yes, new processes, sockets and kernel extras no."""

import errno
import os

CLONE_THREAD = 0x00010000
# Namespace flags `clone` accepts; CLONE_NEWTIME is left out because it shares its bit with the
# exit signal and can only be requested through clone3, which is refused as a whole.
CLONE_NAMESPACE_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
)

# Refused outright: other processes (spawning, tracing, reading their memory), sockets, namespaces
# and mounts, and kernel interfaces a program has no business with and that widen the attack
# surface. `socketpair` stays allowed: it reaches nothing outside the run, and asyncio needs it.
DENIED_SYSCALLS = (
    "fork",
    "vfork",
    "socket",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    "unshare",
    "setns",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "keyctl",
    "add_key",
    "request_key",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "name_to_handle_at",
    "open_by_handle_at",
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "syslog",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "iopl",
    "ioperm",
)


PROCESS_SYSCALLS = ("fork", "vfork")


def build_seccomp_program(*, allow_processes: bool = False) -> bytes:
    """Compile the filter to classic BPF, ready for `bwrap --seccomp` or PR_SET_SECCOMP.

    `allow_processes`: the compile step's filter, which lets a compiler start its own tools
    (fork, vfork, clone without CLONE_THREAD) and refuses all else as the program's does; the
    program then runs under the strict filter added on top of it.

    Raises OSError or RuntimeError when libseccomp is missing; the probe reports that.
    """
    # Imported here: loading the binding fails without libseccomp, and that must disable code
    # execution rather than the whole server.
    import pyseccomp

    refuse = pyseccomp.ERRNO(errno.EPERM)
    rules = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    # System calls of another ABI (32-bit, x32) would slip past rules written for this one.
    rules.set_attr(pyseccomp.Attr.ACT_BADARCH, pyseccomp.KILL_PROCESS)
    for name in DENIED_SYSCALLS:
        if not (allow_processes and name in PROCESS_SYSCALLS):
            rules.add_rule(refuse, name)
    if not allow_processes:
        # A clone without CLONE_THREAD is a new process.
        rules.add_rule(refuse, "clone", pyseccomp.Arg(0, pyseccomp.MASKED_EQ, CLONE_THREAD, 0))
    for flag in CLONE_NAMESPACE_FLAGS:
        rules.add_rule(refuse, "clone", pyseccomp.Arg(0, pyseccomp.MASKED_EQ, flag, flag))
    # clone3 passes its flags in memory a filter cannot read; ENOSYS makes libc fall back to clone.
    rules.add_rule(pyseccomp.ERRNO(errno.ENOSYS), "clone3")

    fd = os.memfd_create("pairpad-seccomp")
    try:
        with open(fd, "wb", closefd=False) as sink:
            rules.export_bpf(sink)
        return os.pread(fd, os.fstat(fd).st_size, 0)
    finally:
        os.close(fd)


def program_fd(program: bytes) -> int:
    """A fresh file holding the program: each run's sandbox reads its own copy to the end."""
    fd = os.memfd_create("pairpad-seccomp")
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
