"""A real PairPad server process on a real socket, for tests that speak HTTP and WebSocket to it."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
# The suite creates rooms far faster than a person; tests of the limits set their own.
GENEROUS_RATE_LIMITS = {
    "ROOM_CREATION_BURST": "100000",
    "ROOM_CHANGES_BURST": "100000",
    "AUTOCOMPLETE_BURST": "100000",
}


@dataclass
class ServerProcess:
    """`pairpad serve` in a subprocess; it can be stopped, killed and started again."""

    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "ServerProcess":
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "info",
            **GENEROUS_RATE_LIMITS,
            **self.env,
        }
        self.log_path = Path(f"/tmp/pairpad-test-server-{self.port}.log")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pairpad.cli", "serve", "--port", str(self.port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log_path}:\n{self.log()}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start in {timeout}s; see {self.log_path}")

    def autocomplete_warmth_until_ready(self, timeout: float = 120) -> list[str]:
        """What `/ready` said of autocomplete's warm-up, in order, until it said `ready`."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = httpx.get(f"{self.base_url}/ready", timeout=5).json()
            if not seen or seen[-1] != body["autocomplete"]:
                seen.append(body["autocomplete"])
            if body["autocomplete"] == "ready":
                return seen
            time.sleep(0.05)
        raise AssertionError(f"autocomplete never warmed up: {seen}; {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        code = self.process.returncode
        self.process = None
        return code

    def wait_exit(self, timeout: float = 20) -> int:
        """Wait for the process to end by itself and return its exit code."""
        assert self.process is not None
        code = self.process.wait(timeout)
        self.process = None
        return code

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


RoomFactory = Callable[..., Awaitable[str]]


async def create_room_on(server: ServerProcess, **body: Any) -> str:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.post("/rooms", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["roomId"])


async def create_room_with_key_on(server: ServerProcess, **body: Any) -> tuple[str, str]:
    """A new room's edit link id and its host key."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.post("/rooms", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["roomId"]), str(response.json()["hostKey"])


def as_host(host_key: str) -> dict[str, str]:
    """Request headers that act as the room's host."""
    return {"authorization": f"Bearer {host_key}"}


async def get_room_on(server: ServerProcess, room_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.get(f"/rooms/{room_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())


async def metric_on(server: ServerProcess, name: str) -> float:
    """An unlabelled sample of the server's /metrics."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        lines = (await http.get("/metrics")).text.splitlines()
    return float(next(line.split()[1] for line in lines if line.startswith(f"{name} ")))
