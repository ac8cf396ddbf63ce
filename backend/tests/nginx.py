"""deploy/nginx.conf run by a real nginx in front of test servers, as the compose profile runs it.

Only the addresses change: the upstreams become the test servers' ports and nginx listens on a
free port of its own. A missing nginx is an error, never a skip.
"""

import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.postgres import free_port
from tests.server import ROOT, ServerProcess

DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
UPSTREAMS = ("server app:8000;", "server app2:8000;")
LISTEN = "listen 8080;"
START_TIMEOUT = 10.0


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        raise RuntimeError("The proxy tests need nginx (apt-get install nginx).")
    return found


def _replace_once(conf: str, old: str, new: str) -> str:
    if conf.count(old) != 1:
        raise AssertionError(f"{DEPLOY_CONF} should have '{old}' once: the test rewrites it")
    return conf.replace(old, new)


def render_conf(upstream_ports: Sequence[int], port: int) -> str:
    conf = DEPLOY_CONF.read_text()
    for line, upstream in zip(UPSTREAMS, upstream_ports, strict=True):
        conf = _replace_once(conf, line, f"server 127.0.0.1:{upstream};")
    return _replace_once(conf, LISTEN, f"listen 127.0.0.1:{port};")


@dataclass
class NginxProxy:
    upstreams: Sequence[ServerProcess]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pairpad-nginx-")))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> "NginxProxy":
        conf = self.directory / "nginx.conf"
        conf.write_text(render_conf([server.port for server in self.upstreams], self.port))
        settings = f"daemon off; pid {self.directory / 'nginx.pid'};"
        prefix, errors = str(self.directory), str(self.error_log)
        self.process = subprocess.Popen(
            [_nginx(), "-p", prefix, "-c", str(conf), "-e", errors, "-g", settings]
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.error_log.read_text()}")
            try:
                httpx.get(f"{self.base_url}/health", timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not answer on port {self.port}")

    async def connections_per_instance(self) -> list[int]:
        """Open WebSocket connections on each running upstream, from its own /metrics."""
        counts = []
        async with httpx.AsyncClient() as http:
            for server in (upstream for upstream in self.upstreams if upstream.process):
                metrics = (await http.get(f"{server.base_url}/metrics")).text.splitlines()
                line = next(row for row in metrics if row.startswith("pairpad_connections "))
                counts.append(int(float(line.split()[1])))
        return counts

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)
