"""Randomized sessions: several editors typing, racing and reconnecting at random.

Each editor inserts unique tokens, one push in flight, re-pushing after a rejection or a dropped
connection the way a CodeMirror client re-sends its unconfirmed updates; with `rebase`, a stale
push is applied over what came first instead of rejected. At the end every editor's
text equals the database's, every confirmed token is there exactly once, and nothing appears that
was never pushed.
"""

import asyncio
import json
import random
import re

import pytest

from pairpad.client import RoomClient
from tests.server import RoomFactory, ServerProcess, get_room_on, metric_on

TOKEN = re.compile(r"<t\d+:\d+>")


class Typist:
    def __init__(
        self, ws_url: str, room_id: str, number: int, rng: random.Random, rebase: bool = False
    ) -> None:
        self.ws_url, self.room_id, self.rng, self.rebase = ws_url, room_id, rng, rebase
        self.name = f"t{number}"
        self.client_id = f"typist-{number}"
        self.pushed: set[str] = set()
        self.confirmed: set[str] = set()
        self.pending: str | None = None
        self.editor: RoomClient | None = None

    async def run(self, edits: int) -> None:
        self.editor = await RoomClient.join(self.ws_url, self.room_id, client_id=self.client_id)
        for number in range(edits):
            self.pending = f"<{self.name}:{number}>"
            while self.pending is not None:
                await self._push_pending()
                if self.rng.random() < 0.15:
                    await self._reconnect()
                else:
                    await self._await_outcome()

    async def _push_pending(self) -> None:
        editor = self.editor
        assert editor is not None and self.pending is not None
        position = self._outside_tokens(editor.text, self.rng.randint(0, editor.doc.length))
        changes = [position, [0, self.pending], editor.doc.length - position]
        await editor.push([item for item in changes if item != 0], rebase=self.rebase)
        self.pushed.add(self.pending)

    @staticmethod
    def _outside_tokens(text: str, position: int) -> int:
        for match in TOKEN.finditer(text):
            if match.start() < position < match.end():
                return match.end()
        return position

    def _note_confirmations(self, updates: list[dict]) -> None:
        for update in updates:
            if update["clientID"] != self.client_id:
                continue
            for token in TOKEN.findall(json.dumps(update["changes"])):
                assert token not in self.confirmed, f"{token} was stored twice"
                self.confirmed.add(token)
                if token == self.pending:
                    self.pending = None

    async def _await_outcome(self) -> None:
        editor = self.editor
        assert editor is not None
        while self.pending is not None:
            message = await editor.receive()
            if message["type"] == "updates":
                self._note_confirmations(message["updates"])
            elif message["type"] == "rejected":
                before = len(editor.seen_updates)
                await editor.sync_to(message["version"])
                self._note_confirmations(editor.seen_updates[before:])
                return

    async def _reconnect(self) -> None:
        """Drop the socket with a push maybe in flight and come back with `since`."""
        old = self.editor
        assert old is not None
        await old.socket.close()
        fresh = await RoomClient.join(
            self.ws_url, self.room_id, client_id=self.client_id, since=old.version
        )
        caught_up = fresh.welcome["updates"]
        old.apply({"version": old.version, "updates": caught_up})
        assert old.text == fresh.text, "since catch-up does not lead to the room's text"
        self._note_confirmations(caught_up)
        self.editor = fresh


@pytest.mark.parametrize("rebase", [False, True], ids=["rejecting", "rebasing"])
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_concurrent_editing_with_reconnects_converges(
    live_server: ServerProcess, new_room: RoomFactory, seed: int, rebase: bool
) -> None:
    rng = random.Random(seed)
    room_id = await new_room(code="start\n")
    typists = [
        Typist(live_server.ws_url, room_id, number, random.Random(rng.random()), rebase)
        for number in range(4)
    ]
    rebased_before = await metric_on(live_server, "pairpad_rebased_pushes_total")
    rejected_before = await metric_on(live_server, "pairpad_rejected_pushes_total")
    await asyncio.wait_for(asyncio.gather(*(t.run(edits=15) for t in typists)), timeout=120)
    rebased = await metric_on(live_server, "pairpad_rebased_pushes_total") - rebased_before
    rejected = await metric_on(live_server, "pairpad_rejected_pushes_total") - rejected_before
    # Concurrent pushes do collide: the stale ones are rebased, or rejected, never both.
    assert (rebased > 0 and rejected == 0) if rebase else (rejected > 0 and rebased == 0)

    stored = await get_room_on(live_server, room_id)
    for typist in typists:
        assert typist.editor is not None
        await typist.editor.sync_to(stored["version"])
        assert typist.editor.text == stored["code"]
        await typist.editor.close()
    present = TOKEN.findall(stored["code"])
    confirmed = set().union(*(t.confirmed for t in typists))
    pushed = set().union(*(t.pushed for t in typists))
    assert len(present) == len(set(present)), "an update was applied twice"
    assert confirmed == set(present), "a confirmed edit was lost, or text came unconfirmed"
    assert set(present) <= pushed
    assert len(present) == 4 * 15
