"""The Host header checked against ALLOWED_HOSTS, for REST and the WebSocket alike.

A page on a foreign name that its DNS later points at this server (DNS rebinding) is, to the
browser, same-origin with it: it could read every room and open every WebSocket. Its requests
carry the foreign name in Host, and that is refused before any route sees them.
"""

import logging
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.status import WS_1008_POLICY_VIOLATION
from starlette.types import ASGIApp, Receive, Scope, Send

from pairpad.errors import error_body

logger = logging.getLogger(__name__)

WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::", "[::]"})


def host_name(host: str) -> str:
    """The name in a Host header or an ALLOWED_HOSTS entry: lower case, no port, IPv6 bracketed."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] or host
    return host.partition(":")[0].rstrip(".")


def address_name(address: str) -> str:
    """A socket address as it appears in a Host header."""
    return f"[{address}]" if ":" in address else address


class AllowedHosts:
    """Refuse requests whose Host is not a served name: HTTP 400 `host_not_allowed`, and a
    WebSocket closed with 1008 before it is accepted."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        patterns = [host_name(host) for host in hosts]
        self.allow_any = "*" in patterns
        self.names = {pattern for pattern in patterns if not pattern.startswith("*")}
        self.suffixes = tuple(pattern[1:] for pattern in patterns if pattern.startswith("*."))

    def allows(self, host: str, scope: Scope) -> bool:
        name = host_name(host)
        if name in self.names or name.endswith(self.suffixes):
            return True
        # The address the request reached cannot be a foreign name: serving on 0.0.0.0, the
        # machine's own addresses work without being listed.
        server = scope.get("server")
        return server is not None and name == address_name(str(server[0]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        # Browsers always send Host; a request without one is not a browser's.
        refused = [
            host for host in Headers(scope=scope).getlist("host") if not self.allows(host, scope)
        ]
        if not refused:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        logger.warning(
            "refused %s %s for host %r from %s",
            scope["type"],
            scope["path"],
            refused[0],
            client[0] if client else "unknown client",
        )
        if scope["type"] == "websocket":
            close = {"type": "websocket.close", "code": WS_1008_POLICY_VIOLATION}
            await send({**close, "reason": "host not allowed"})
            return
        message = f"Host '{refused[0]}' is not served here; see ALLOWED_HOSTS."
        response = JSONResponse(error_body("host_not_allowed", message), status_code=400)
        await response(scope, receive, send)
