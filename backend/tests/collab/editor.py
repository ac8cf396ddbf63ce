"""A test editor that speaks the WebSocket protocol over a real socket.

It keeps the server's text (`doc`, `version`) by applying every `updates` frame in order and
asserts the protocol's promise: each frame starts exactly at the version the editor has.
Its own pushes are not applied locally; they show up like anyone else's once stored.
"""

import asyncio
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from pairpad.collab.changes import Document

RECEIVE_TIMEOUT = 10.0


@dataclass
class Editor:
    socket: ClientConnection
    welcome: dict[str, Any]
    client_id: str
    doc: Document = field(init=False)
    version: int = field(init=False)
    inbox: list[dict[str, Any]] = field(default_factory=list)
    seen_updates: list[dict[str, Any]] = field(default_factory=list)

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
        **connect_options: Any,
    ) -> "Editor":
        query = "&".join(
            f"{key}={value}"
            for key, value in (("name", name), ("since", since))
            if value is not None
        )
        socket = await websockets.connect(f"{ws_url}/ws/{room_id}?{query}", **connect_options)
        welcome = json.loads(await asyncio.wait_for(socket.recv(), RECEIVE_TIMEOUT))
        assert welcome["type"] == "welcome", welcome
        return cls(socket, welcome, client_id or f"test-{secrets.token_hex(4)}")

    @property
    def id(self) -> str:
        return str(self.welcome["you"]["id"])

    @property
    def text(self) -> str:
        return self.doc.text

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def push(
        self, *changes: list[Any], version: int | None = None, rebase: bool = False
    ) -> None:
        message: dict[str, Any] = {
            "type": "push",
            "version": self.version if version is None else version,
            "updates": [{"clientID": self.client_id, "changes": item} for item in changes],
        }
        if rebase:
            message["rebase"] = True
        await self.send(message)

    async def receive(self, timeout: float = RECEIVE_TIMEOUT) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(self.socket.recv(), timeout))
        if message["type"] == "updates":
            self.apply(message)
        return message

    def apply(self, message: dict[str, Any]) -> None:
        assert message["version"] == self.version, (
            f"gap or overlap: frame at v{message['version']}, editor at v{self.version}"
        )
        for update in message["updates"]:
            self.doc = self.doc.apply(update["changes"])
            self.version += 1
            self.seen_updates.append(update)

    async def expect(self, message_type: str, timeout: float = RECEIVE_TIMEOUT) -> dict[str, Any]:
        """Receive until a frame of `message_type`; others are kept in `inbox`."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.receive()
                if message["type"] == message_type:
                    return message
                self.inbox.append(message)

    async def sync_to(self, version: int, timeout: float = RECEIVE_TIMEOUT) -> None:
        async with asyncio.timeout(timeout):
            while self.version < version:
                message = await self.receive()
                if message["type"] != "updates":
                    self.inbox.append(message)

    async def close(self) -> None:
        await self.socket.close()
