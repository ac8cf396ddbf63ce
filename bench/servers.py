"""The servers under test, each a subprocess on loopback whose CPU and memory can be read."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
HOCUSPOCUS_DIR = ROOT / "bench" / "hocuspocus"

# Everything a crowded room, 1,000 sockets and fast room creation need; protocol limits and the
# per-connection message rate stay at their defaults, which the simulated editors respect.
PAIRPAD_ENV = {
    "LOG_LEVEL": "warning",
    "MAX_PARTICIPANTS": "250",
    "ROOM_CREATION_PER_MINUTE": "1000000",
    "ROOM_CREATION_BURST": "100000",
    "MAX_CONNECTIONS": "5000",
}


TROUBLE = ("WARNING", "ERROR", "Error", "Traceback", "never retrieved")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Service:
    """A server subprocess, ready once `ready_path` answers over HTTP."""

    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    ready_path: str = "/"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} is not running"
        return self.process.pid

    @property
    def log_path(self) -> Path:
        return WORK / f"{self.name}-{self.port}.log"

    def log_warnings(self) -> int:
        """Lines of the server's log that report trouble (warnings, errors, tracebacks)."""
        if not self.log_path.exists():
            return 0
        with self.log_path.open(errors="replace") as log:
            return sum(any(mark in line for mark in TROUBLE) for line in log)

    def start(self, timeout: float = 60) -> "Service":
        WORK.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [part.replace("{port}", str(self.port)) for part in self.command],
                env={**os.environ, **self.env},
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log_path}")
            try:
                httpx.get(self.http_url + self.ready_path, timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not start in {timeout}s; see {self.log_path}")

    def stop(self, timeout: float = 20) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@dataclass
class Deployment:
    """What a load runs against: one server, or instances of it sharing rooms.

    Single-server scenarios read `http_url`, `ws_url` and `pid`, which are the first
    instance's. A load deals the people of each room round the instances, or with
    `whole_rooms` each room to one instance, as a proxy that hashes room ids does (`ws_url_for`).
    """

    members: Sequence[Service]
    whole_rooms: bool = False

    @property
    def http_url(self) -> str:
        return self.members[0].http_url

    @property
    def http_urls(self) -> list[str]:
        return [member.http_url for member in self.members]

    @property
    def ws_url(self) -> str:
        return self.members[0].ws_url

    def ws_url_for(self, room: int, person: int) -> str:
        """Where the `person`-th editor of the `room`-th room connects."""
        turn = room if self.whole_rooms else person
        return self.members[turn % len(self.members)].ws_url

    @property
    def pid(self) -> int:
        return self.members[0].pid

    @property
    def pids(self) -> list[int]:
        return [member.pid for member in self.members]

    def log_warnings(self) -> int:
        return sum(member.log_warnings() for member in self.members)

    def start(self) -> "Deployment":
        try:
            for member in self.members:
                member.start()
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for member in self.members:
            member.stop()


def pairpad(database_url: str, env: dict[str, str] | None = None) -> Service:
    return Service(
        "pairpad",
        [sys.executable, "-m", "pairpad.cli", "serve", "--port", "{port}"],
        env={**PAIRPAD_ENV, "DATABASE_URL": database_url, **(env or {})},
        ready_path="/health",
    )


def hocuspocus(sqlite_file: Path | None = None) -> Service:
    """Hocuspocus in memory, or durable through its SQLite extension into `sqlite_file`."""
    command = ["node", "server.mjs", "{port}"]
    if sqlite_file is not None:
        sqlite_file.unlink(missing_ok=True)
        command.append(str(sqlite_file))
    name = "hocuspocus-sqlite" if sqlite_file else "hocuspocus"
    return Service(name, command, cwd=HOCUSPOCUS_DIR)
