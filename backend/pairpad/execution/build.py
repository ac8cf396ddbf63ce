"""The first code of a compiled language's run inside the sandbox: compile, say how that went,
then confine itself further and become the program.

The compiler needs processes of its own (gcc runs cc1, as and ld), so the sandbox's seccomp
filter allows them; the program's own process adds the strict filter that every program runs
under before it becomes the program. The
server hands this file's source to the host's Python with `-c`, so it uses the standard library
only.
"""

import ctypes
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_BPF_INSTRUCTION_BYTES = 8
_READ_CHUNK = 65_536


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def install_seccomp(fd: int) -> None:
    """Add the BPF program read from `fd` to this process's filters (they only ever narrow)."""
    program = b""
    while chunk := os.read(fd, _READ_CHUNK):
        program += chunk
    os.close(fd)
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len=len(program) // _BPF_INSTRUCTION_BYTES, filter=ctypes.addressof(buffer))
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")


def compile_source(
    argv: list[str], max_output: int, env: dict[str, str]
) -> tuple[int, str, bool, int]:
    """Run the compiler; its exit code, the first `max_output` bytes of what it printed, whether
    there was more, and how long it took in milliseconds."""
    started = time.monotonic()
    compiler = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **{name: os.path.expandvars(value) for name, value in env.items()}},
    )
    assert compiler.stdout is not None
    output = bytearray()
    truncated = False
    while chunk := os.read(compiler.stdout.fileno(), _READ_CHUNK):
        if len(output) + len(chunk) > max_output:
            truncated = True
        output += chunk[: max(0, max_output - len(output))]
    code = compiler.wait()
    elapsed = round((time.monotonic() - started) * 1000)
    return code, output.decode("utf-8", errors="replace"), truncated, elapsed


def build_and_exec(plan: dict[str, Any]) -> None:
    exit_code, output, truncated, elapsed = compile_source(
        plan["compile"], plan["max_output"], plan["compile_env"]
    )
    # 128 + N for a compiler killed by signal N (the memory cgroup's SIGKILL), as a shell says.
    exit_code = 128 - exit_code if exit_code < 0 else exit_code
    report = {"exitCode": exit_code, "output": output, "truncated": truncated, "ms": elapsed}
    with os.fdopen(plan["report_fd"], "w") as channel:
        channel.write(json.dumps(report) + "\n")
    if exit_code != 0:
        os._exit(exit_code)
    # This script stays the namespace's init and the program runs as its child: as init, the
    # program would not die of its own SIGABRT (abort() would end in SIGSEGV) or SIGXCPU.
    program = os.fork()
    if program == 0:
        limit = plan["address_space"]
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        install_seccomp(plan["seccomp_fd"])
        os.execve(plan["argv"][0], plan["argv"], {**os.environ, **plan["env"]})
    os.close(plan["seccomp_fd"])
    os._exit(wait_for(program))


def wait_for(program: int) -> int:
    """The program's exit status, as a shell gives it (128 + N for signal N); orphans of the
    program are reaped on the way, as an init does."""
    while True:
        pid, status = os.wait()
        if pid == program:
            return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


if __name__ == "__main__":
    build_and_exec(json.loads(sys.argv[1]))
