"""Python programs trying to get out, in each isolation: every attempt is contained and reported.

`Confined.run` also checks, after every run, that no process of the run's uid is left.
"""

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pairpad.config import Settings
from tests.execution.builders import (
    Confined,
    attempt,
    libc_call,
    wait_until,
    with_settings,
    write_until_refused,
)

POSTGRES_UNIX_SOCKET = "/var/run/postgresql/.s.PGSQL.5432"
CLONE_NEWUSER = 0x10000000
PTRACE_ATTACH = 16
X32_SYSCALL_BIT = 0x40000000
X32_FORK = 57


@pytest.fixture
def tcp_listener() -> Iterator[int]:
    """A real server socket on 127.0.0.1 that the host itself can reach; yields its port."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


@pytest.fixture
def unix_listener(tmp_path: Path) -> Iterator[str]:
    """A real Unix socket anyone on the host may connect to; yields its path."""
    tmp_path.chmod(0o755)
    path = str(tmp_path / "listener.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        os.chmod(path, 0o777)
        server.listen()
        yield path


@pytest.fixture
def bystander() -> Iterator[subprocess.Popen[bytes]]:
    """A process of the host's "nobody", the uid a bubblewrap run has inside its namespace."""
    process = subprocess.Popen(["sleep", "60"], user=65534, group=65534, extra_groups=[])
    yield process
    process.kill()
    process.wait()


def sources_holding(marker: str) -> list[Path]:
    """Source files of runs going on now, on the host, that contain `marker`."""
    found = []
    for source in Path(tempfile.gettempdir()).glob("pairpad-run-*/main.*"):
        try:
            if marker in source.read_text():
                found.append(source)
        except FileNotFoundError:
            continue  # that run ended while we looked
    return found


async def test_the_source_of_a_running_program_is_readable_by_its_uid_only(
    confined: Confined,
) -> None:
    marker = secrets.token_hex(8)
    running = asyncio.create_task(confined.run(f"# {marker}\nimport time\ntime.sleep(1)"))
    await wait_until(lambda: bool(sources_holding(marker)))
    (source,) = sources_holding(marker)
    file, directory = source.stat(), source.parent.stat()
    assert (file.st_uid, oct(file.st_mode & 0o7777)) == (confined.uid, "0o400")
    assert (directory.st_uid, directory.st_gid, oct(directory.st_mode & 0o7777)) == (
        0,
        confined.uid,
        "0o750",
    )
    # Another local user tries: the host's "nobody", as a user who shares the machine would.
    for command in (["cat", str(source)], ["ls", str(source.parent)]):
        snoop = await asyncio.to_thread(
            subprocess.run,
            command,
            user=65534,
            group=65534,
            extra_groups=[],
            capture_output=True,
            text=True,
        )
        assert snoop.returncode != 0 and "Permission denied" in snoop.stderr, snoop
        assert marker not in snoop.stdout
    assert (await running).exit_code == 0


async def test_reading_etc_shadow_is_blocked(confined: Confined) -> None:
    result = await confined.run(attempt("print(open('/etc/shadow').read())"))
    assert result.stdout.startswith("blocked"), result


async def test_own_environment_holds_nothing_of_the_server(
    confined: Confined, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAIRPAD_TEST_SECRET", "hunter2")
    result = await confined.run(attempt("print(open('/proc/self/environ').read())"))
    assert "hunter2" not in result.stdout
    assert "DATABASE_URL" not in result.stdout
    assert result.exit_code == 0, result


async def test_server_environment_cannot_be_read(confined: Confined) -> None:
    server_pid = os.getpid()
    result = await confined.run(attempt(f"print(open('/proc/{server_pid}/environ').read())"))
    assert result.stdout.startswith("blocked"), result


async def test_tcp_connections_to_localhost_are_refused(
    confined: Confined, tcp_listener: int
) -> None:
    with socket.create_connection(("127.0.0.1", tcp_listener)):
        pass  # reachable from the host
    code = "".join(
        attempt(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)")
        for port in (5432, tcp_listener)
    )
    result = await confined.run(code)
    assert result.stdout.splitlines() == ["blocked PermissionError"] * 2, result


async def test_unix_socket_connections_are_refused(confined: Confined, unix_listener: str) -> None:
    code = "".join(
        attempt(f"import socket\nsocket.socket(socket.AF_UNIX).connect({path!r})")
        for path in (POSTGRES_UNIX_SOCKET, unix_listener)
    )
    result = await confined.run(code)
    assert result.stdout.splitlines() == ["blocked PermissionError"] * 2, result


async def test_killing_every_process_reaches_no_one_outside(
    confined: Confined, bystander: subprocess.Popen[bytes]
) -> None:
    result = await confined.run("import os\ntry:\n    os.kill(-1, 9)\nfinally:\n    print('done')")
    assert "done" in result.stdout, result
    assert bystander.poll() is None, "a process outside the sandbox was killed"


async def test_writing_under_usr_is_blocked(confined: Confined) -> None:
    result = await confined.run(attempt("open('/usr/pairpad-was-here', 'w').write('x')"))
    assert result.stdout.startswith("blocked"), result


async def test_ptrace_and_unshare_through_ctypes_are_refused(confined: Confined) -> None:
    server_pid = os.getpid()
    code = attempt(libc_call(f"ptrace({PTRACE_ATTACH}, {server_pid}, 0, 0)")) + attempt(
        libc_call(f"unshare({CLONE_NEWUSER})")
    )
    result = await confined.run(code)
    assert result.stdout.splitlines() == ["blocked PermissionError"] * 2, result


async def test_fork_through_the_x32_abi_kills_the_program(confined: Confined) -> None:
    x32_fork = X32_SYSCALL_BIT + X32_FORK
    result = await confined.run(f"import ctypes\nctypes.CDLL(None).syscall({x32_fork})")
    assert result.exit_code == 128 + signal.SIGSYS, result


async def test_fork_bomb_is_refused_at_the_first_fork(confined: Confined) -> None:
    result = await confined.run(attempt("import os\nwhile True:\n    os.fork()"))
    assert result.stdout.splitlines() == ["blocked PermissionError"], result


async def test_thread_bomb_stops_at_the_task_limit(confined: Confined, settings: Settings) -> None:
    code = (
        "import threading, time\n"
        "count = 0\n"
        "try:\n"
        "    while True:\n"
        "        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "        count += 1\n"
        "finally:\n"
        "    print(count)\n"
    )
    result = await confined.run(code)
    assert "can't start new thread" in result.stderr, result
    assert 0 < int(result.stdout) < settings.execution_max_processes


async def test_memory_bomb_ends_in_memory_error(confined: Confined) -> None:
    result = await confined.run("chunks = []\nwhile True:\n    chunks.append(bytearray(10**7))")
    assert "MemoryError" in result.stderr, result
    assert (result.exit_code, result.timed_out) == (1, False)


async def test_huge_file_is_cut_off_at_the_file_size_limit(
    confined: Confined, settings: Settings
) -> None:
    result = await confined.run(write_until_refused("huge"))
    verdict, _error, written = result.stdout.split()
    assert verdict == "blocked", result
    assert int(written) <= settings.execution_max_file_bytes


async def test_files_never_grow_past_the_workspace_size(
    confined: Confined, settings: Settings
) -> None:
    result = await confined.run(write_until_refused("part{n}"))
    verdict, _error, written = result.stdout.split()
    assert verdict == "blocked", result
    assert int(written) <= settings.execution_workspace_bytes


async def test_stdout_flood_is_truncated_and_stopped(
    confined: Confined, settings: Settings
) -> None:
    result = await confined.run("while True:\n    print('x' * 1000)")
    assert result.truncated and not result.timed_out, result
    assert len(result.stdout) == settings.execution_max_output_bytes


async def test_segfault_is_reported_as_signal_11(confined: Confined) -> None:
    result = await confined.run("import ctypes\nctypes.string_at(0)")
    assert result.exit_code == 128 + 11, result


async def test_infinite_loop_is_stopped_and_reported_as_timed_out(
    confined: Confined, settings: Settings
) -> None:
    result = await confined.run("while True:\n    pass")
    assert result.timed_out, result
    assert result.duration_ms >= settings.execution_timeout_seconds * 1000


async def test_invalid_utf8_output_comes_back_replaced(confined: Confined) -> None:
    result = await confined.run(
        "import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe!')\nsys.stderr.buffer.write(b'\\xc3')"
    )
    assert (result.stdout, result.stderr) == ("ok \ufffd\ufffd!", "\ufffd")


# Compiled languages: a C program is a stronger attacker than a Python one (raw system calls,
# fork loops, mmap). They need bubblewrap's writable home, and a compile's time to start.
COMPILED = with_settings(execution_timeout_seconds=6.0, execution_cpu_seconds=6)
C_ATTEMPT_HEADER = (
    "#define _GNU_SOURCE\n#include <errno.h>\n#include <fcntl.h>\n#include <signal.h>\n"
    "#include <stdio.h>\n#include <string.h>\n#include <sched.h>\n#include <sys/mman.h>\n"
    "#include <sys/ptrace.h>\n#include <sys/syscall.h>\n#include <sys/socket.h>\n"
    "#include <netinet/in.h>\n#include <arpa/inet.h>\n#include <unistd.h>\n"
    "static void report(long result) {\n"
    '  if (result < 0) printf("blocked %s\\n", strerror(errno)); else puts("ESCAPED");\n'
    "}\n"
    "static long tcp(int port) {\n"
    "  int fd = socket(AF_INET, SOCK_STREAM, 0);\n  if (fd < 0) return fd;\n"
    "  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};\n"
    '  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);\n'
    "  return connect(fd, (struct sockaddr *)&to, sizeof to);\n}\n"
)


def c_attempts(*calls: str) -> str:
    """A C program that makes each call and prints `blocked <error>` or `ESCAPED` for each."""
    body = "".join(f"  report({call});\n" for call in calls)
    return f"{C_ATTEMPT_HEADER}int main(void) {{\n{body}  return 0;\n}}\n"


@COMPILED
async def test_c_tcp_connections_to_postgres_and_a_listener_are_refused(
    bubblewrap: Confined, tcp_listener: int
) -> None:
    result = await bubblewrap.run(c_attempts("tcp(5432)", f"tcp({tcp_listener})"), "c")
    assert result.stdout.splitlines() == ["blocked Operation not permitted"] * 2, result


@COMPILED
async def test_c_fork_bomb_and_raw_process_syscalls_are_refused(bubblewrap: Confined) -> None:
    bomb = (
        f"{C_ATTEMPT_HEADER}int main(void) {{\n"
        "  report(syscall(SYS_fork));\n  report(syscall(SYS_vfork));\n"
        "  report(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0));\n"
        "  for (;;) if (fork() < 0) { report(-1); return 0; }\n}\n"
    )
    result = await bubblewrap.run(bomb, "c")
    assert result.stdout.splitlines() == ["blocked Operation not permitted"] * 4, result


@COMPILED
async def test_c_ptrace_unshare_and_namespaces_are_refused(bubblewrap: Confined) -> None:
    calls = (
        f"ptrace(PTRACE_ATTACH, {os.getpid()}, 0, 0)",
        "ptrace(PTRACE_ATTACH, 1, 0, 0)",
        "unshare(CLONE_NEWUSER)",
        "syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)",
    )
    result = await bubblewrap.run(c_attempts(*calls), "c")
    assert result.stdout.splitlines() == ["blocked Operation not permitted"] * 4, result


@COMPILED
async def test_c_writes_outside_the_home_and_huge_maps_are_refused(bubblewrap: Confined) -> None:
    calls = (
        'open("/usr/pairpad-was-here", O_WRONLY | O_CREAT, 0644)',
        'open("/tmp/pairpad-was-here", O_WRONLY | O_CREAT, 0644)',
        'open("/etc/shadow", O_RDONLY)',
        "(long)mmap(0, 1L << 32, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)",
        "kill(-1, SIGKILL)",
    )
    result = await bubblewrap.run(c_attempts(*calls), "c")
    lines = result.stdout.splitlines()
    assert lines[0] == "blocked Read-only file system", result
    assert all(line.startswith("blocked") for line in lines[1:4]), result
    # kill(-1) reaches only the run's own processes: there are none to signal.
    assert lines[4] == "blocked No such process", result


@COMPILED
async def test_cpp_sockets_and_processes_are_refused(bubblewrap: Confined) -> None:
    code = c_attempts("tcp(5432)", "fork()", "syscall(SYS_fork)").replace(
        "#define _GNU_SOURCE\n", ""
    )
    result = await bubblewrap.run(code, "cpp")
    assert result.stdout.splitlines() == ["blocked Operation not permitted"] * 3, result


@COMPILED
async def test_java_sockets_and_processes_are_refused(bubblewrap: Confined) -> None:
    code = (
        "public class Main {\n  public static void main(String[] args) {\n"
        '    try { new java.net.Socket("127.0.0.1", 5432); System.out.println("ESCAPED"); }\n'
        '    catch (Exception e) { System.out.println("blocked " + e.getMessage()); }\n'
        '    try { new ProcessBuilder("true").start(); System.out.println("ESCAPED"); }\n'
        '    catch (Exception e) { System.out.println("blocked process"); }\n  }\n}\n'
    )
    result = await bubblewrap.run(code, "java")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("blocked") and "not permitted" in lines[0], result
    assert lines[1] == "blocked process", result


@COMPILED
async def test_typescript_sockets_and_processes_are_refused(
    bubblewrap: Confined, tcp_listener: int
) -> None:
    code = (
        'import * as net from "net";\nimport { spawnSync } from "child_process";\n'
        'const spawned = spawnSync("true");\n'
        'console.log(spawned.error ? `blocked ${(spawned.error as any).code}` : "ESCAPED");\n'
        f'const socket = net.connect({tcp_listener}, "127.0.0.1");\n'
        'socket.on("connect", () => console.log("ESCAPED"));\n'
        'socket.on("error", (e: any) => console.log(`blocked ${e.code}`));\n'
    )
    result = await bubblewrap.run(code, "typescript")
    assert result.stdout.splitlines() == ["blocked EPERM"] * 2, result


# A Go program using net and os/exec is a 3 MB binary.
@with_settings(
    execution_timeout_seconds=6.0,
    execution_cpu_seconds=6,
    execution_max_file_bytes=8 << 20,
    execution_workspace_bytes=16 << 20,
)
async def test_go_sockets_and_processes_are_refused(
    bubblewrap: Confined, tcp_listener: int
) -> None:
    code = (
        'package main\n\nimport (\n\t"fmt"\n\t"net"\n\t"os/exec"\n)\n\n'
        "func main() {\n"
        f'\tif _, err := net.Dial("tcp", "127.0.0.1:{tcp_listener}"); err != nil {{\n'
        '\t\tfmt.Println("blocked", err)\n\t} else {\n\t\tfmt.Println("ESCAPED")\n\t}\n'
        '\tif err := exec.Command("/usr/bin/true").Run(); err != nil {\n'
        '\t\tfmt.Println("blocked", err)\n\t} else {\n\t\tfmt.Println("ESCAPED")\n\t}\n}\n'
    )
    result = await bubblewrap.run(code, "go")
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("blocked") for line in lines), result
    assert all("operation not permitted" in line for line in lines), result
