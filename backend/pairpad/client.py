"""A client of PairPad's WebSocket protocol (docs/protocol.md), for scripts, tests and bench/.

It keeps the room's text (`doc`, `version`) by applying every `updates` message in order and
holds the server to the protocol's promise: each starts exactly at the version the client has.
Its own pushes are not applied locally; they show up like anyone else's once stored.
"""

import asyncio
import json
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import orjson
import websockets
from websockets.asyncio.client import ClientConnection

from pairpad.text.document import Document

RECEIVE_TIMEOUT = 10.0


class ProtocolBroken(AssertionError):
    """The server broke a promise of docs/protocol.md (a gap or an overlap in the versions)."""


def messages_in(raw: str | bytes) -> list[dict[str, Any]]:
    """The messages of one WebSocket message: one, or a bundle's, in order."""
    parsed = orjson.loads(raw)
    return parsed if isinstance(parsed, list) else [parsed]


@dataclass
class RoomClient:
    socket: ClientConnection
    welcome: dict[str, Any]
    client_id: str
    doc: Document = field(init=False)
    version: int = field(init=False)
    inbox: list[dict[str, Any]] = field(default_factory=list)
    """Messages `expect` and `sync_to` passed over, in order."""
    seen_updates: list[dict[str, Any]] = field(default_factory=list)
    """Every update applied, in order, unless `keeps_updates` is off (a long-running load)."""
    keeps_updates: bool = True
    bundled: deque[dict[str, Any]] = field(default_factory=deque)
    """Messages of a bundle (docs/protocol.md) not handed out yet."""

    def __post_init__(self) -> None:
        room = self.welcome["room"]
        self.doc = Document.from_text(room["doc"])
        self.version = room["version"]

    @classmethod
    async def join(
        cls,
        ws_url: str,
        room_id: str,
        *,
        name: str | None = None,
        since: int | None = None,
        client_id: str | None = None,
        keep_updates: bool = True,
        bundle: bool = False,
        **connect_options: Any,
    ) -> "RoomClient":
        """Connect to the room and read its welcome (`connect_options` go to websockets);
        with `bundle` the server may send several messages in one (docs/protocol.md)."""
        given = (("name", name), ("since", since), ("bundle", 1 if bundle else None))
        # Left as given where already %-encoded: a test may send exactly the bytes it means.
        query = "&".join(
            f"{key}={quote(str(value), safe='%')}" for key, value in given if value is not None
        )
        socket = await websockets.connect(f"{ws_url}/ws/{room_id}?{query}", **connect_options)
        welcome, *after = messages_in(await asyncio.wait_for(socket.recv(), RECEIVE_TIMEOUT))
        if welcome["type"] != "welcome":
            raise ProtocolBroken(f"the first message was not a welcome: {welcome}")
        client_id = client_id or f"client-{secrets.token_hex(4)}"
        return cls(socket, welcome, client_id, keeps_updates=keep_updates, bundled=deque(after))

    @property
    def id(self) -> str:
        """The participant id the server gave this connection."""
        return str(self.welcome["you"]["id"])

    @property
    def text(self) -> str:
        return self.doc.text

    async def send(self, message: dict[str, Any]) -> None:
        # The standard library's encoder: it writes any string, lone surrogates included.
        await self.socket.send(json.dumps(message))

    async def push(
        self, *changes: list[Any], version: int | None = None, rebase: bool = False
    ) -> None:
        """Push one update per change set, at the version this client has unless told; a stale
        push is rejected unless `rebase` (this client does not map its own pending changes)."""
        await self.send(
            {
                "type": "push",
                "version": self.version if version is None else version,
                "updates": [{"clientID": self.client_id, "changes": item} for item in changes],
                "rebase": rebase,
            }
        )

    async def receive(self, timeout: float | None = RECEIVE_TIMEOUT) -> dict[str, Any]:
        """The next message; an `updates` message is applied to the text first."""
        if not self.bundled:
            raw = await (
                asyncio.wait_for(self.socket.recv(), timeout) if timeout else self.socket.recv()
            )
            self.bundled.extend(messages_in(raw))
        message = self.bundled.popleft()
        if message["type"] == "updates":
            self.apply(message)
        return message

    def apply(self, message: dict[str, Any]) -> None:
        if message["version"] != self.version:
            raise ProtocolBroken(
                f"gap or overlap: message at v{message['version']}, client at v{self.version}"
            )
        for update in message["updates"]:
            self.doc = self.doc.apply(update["changes"])
            self.version += 1
            if self.keeps_updates:
                self.seen_updates.append(update)

    async def expect(self, message_type: str, timeout: float = RECEIVE_TIMEOUT) -> dict[str, Any]:
        """Receive until a message of `message_type`; others are kept in `inbox`."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.receive()
                if message["type"] == message_type:
                    return message
                self.inbox.append(message)

    async def sync_to(self, version: int, timeout: float = RECEIVE_TIMEOUT) -> None:
        """Receive until the text is at `version`; other messages are kept in `inbox`."""
        async with asyncio.timeout(timeout):
            while self.version < version:
                message = await self.receive()
                if message["type"] != "updates":
                    self.inbox.append(message)

    async def close(self) -> None:
        await self.socket.close()
