"""uvicorn's HTTP protocol with a deadline for request headers.

uvicorn waits for headers forever, and a connection that is still sending them holds one of
`MAX_CONNECTIONS` slots: a few dozen sockets trickling a header line now and then (slowloris)
would have every other request answered 503. Here headers must be complete within the timeout,
counted from the connection (the first request) or from the request's first byte (the next one
on a kept-alive connection; uvicorn's keep-alive timeout bounds the wait before that byte).
"""

import asyncio
import logging
from typing import ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

logger = logging.getLogger(__name__)


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """Closes a connection whose request headers are not complete within `header_timeout`."""

    header_timeout: ClassVar[float] = 10.0
    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_deadline is None:
            self._await_headers()

    def on_headers_complete(self) -> None:
        self._stop_waiting()
        super().on_headers_complete()

    def handle_websocket_upgrade(self) -> None:
        # The WebSocket protocol takes the transport over; nothing here may close it later.
        self._stop_waiting()
        super().handle_websocket_upgrade()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_late)

    def _stop_waiting(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.transport.is_closing():
            return
        if self.flow.read_paused:
            # A pipelined request waits for the one before it: the delay is ours, not the client's.
            self._await_headers()
            return
        client = self.client[0] if self.client else "unknown client"
        logger.info(
            "closed a connection from %s: its headers took over %gs", client, self.header_timeout
        )
        if self.cycle is not None and not self.cycle.response_complete:
            # Finish the response under way; the late request after it is not served.
            self.cycle.keep_alive = False
        else:
            self.transport.close()


def with_header_timeout(seconds: float) -> type[HeaderTimeoutProtocol]:
    """The protocol class for `uvicorn.run(http=...)`, with this deadline for headers."""

    class TimedHeaders(HeaderTimeoutProtocol):
        header_timeout = seconds

    return TimedHeaders
