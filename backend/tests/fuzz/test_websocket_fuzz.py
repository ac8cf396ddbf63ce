"""Generated frames over a real WebSocket: whatever a client sends, the server answers with a
frame of the protocol or closes with one of its codes, never with an internal error, and the
room's text stays what its updates say."""

import asyncio
import json
from typing import Any

import httpx
import websockets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from pairpad.client import RoomClient
from pairpad.text.document import Document
from tests.server import ServerProcess, create_room_on, get_room_on

HOSTILE_STRINGS = st.sampled_from(
    [
        "\u0000",
        "a\u0000b",
        "\u00b2",  # a superscript two: str.isdigit() says yes, int() says no
        "\u0663",  # an Arabic-Indic three
        "9" * 5000,
        str(2**64),
        "-1",
        "",
        "\ud800",  # a lone surrogate
        "\r\n",
        "x" * 300,
    ]
)
HOSTILE_NUMBERS = st.sampled_from([-1, 2**31, 2**53 + 1, 2**64, 10**30, 0.5, True]) | st.integers(
    -5, 50
)
SCALARS = HOSTILE_STRINGS | HOSTILE_NUMBERS | st.none() | st.booleans()
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_STRINGS, inner)
)
TYPES = st.sampled_from(
    ["push", "code_update", "cursor", "language", "rename", "ping", "nope", "\u0000"]
)
FIELDS = st.sampled_from(
    ["version", "updates", "rebase", "code", "anchor", "head", "language", "name", "clientID"]
)


@st.composite
def changes(draw: st.DrawFn) -> list[Any]:
    """Change sets near the room's text (keeps of any size, inserts of hostile strings)."""
    keep = draw(st.integers(0, 40) | HOSTILE_NUMBERS)
    inserted = draw(st.lists(HOSTILE_STRINGS, min_size=1, max_size=3))
    shape = draw(st.sampled_from(["append", "prepend", "keep", "junk"]))
    if shape == "append":
        return [keep, [0, *inserted]]
    if shape == "prepend":
        return [[0, *inserted], keep]
    return [keep] if shape == "keep" else draw(st.lists(VALUES, max_size=3))


@st.composite
def frames(draw: st.DrawFn) -> str | bytes:
    """Mostly well-formed messages with one hostile value where a field goes, some junk."""
    kind = draw(st.sampled_from(["push", "code_update", "cursor", "rename", "language", "junk"]))
    message: dict[str, Any] = {"type": kind}
    if kind == "push":
        message["version"] = draw(st.integers(0, 3) | HOSTILE_NUMBERS)
        message["updates"] = [
            {"clientID": draw(HOSTILE_STRINGS | st.just("fuzz")), "changes": draw(changes())}
            for _ in range(draw(st.integers(0, 3)))
        ]
        message["rebase"] = draw(st.booleans() | SCALARS)
    elif kind == "code_update":
        message["code"] = draw(HOSTILE_STRINGS.map(lambda text: f"say {text}") | VALUES)
    elif kind == "cursor":
        for field in ("anchor", "head", "version"):
            message[field] = draw(st.integers(0, 5) | HOSTILE_NUMBERS | SCALARS)
    elif kind == "rename":
        message["name"] = draw(HOSTILE_STRINGS | VALUES)
    elif kind == "language":
        message["language"] = draw(st.just("python") | HOSTILE_STRINGS)
    else:
        message = {"type": draw(TYPES | HOSTILE_STRINGS)}
        for field in draw(st.lists(FIELDS, max_size=4, unique=True)):
            message[field] = draw(VALUES)
    encoded = json.dumps(message)
    return draw(st.sampled_from([encoded, encoded[: len(encoded) // 2], encoded.encode()]))


DOCUMENTED_CLOSES = {1000, 1008, 1009}
QUIET_SECONDS = 0.2


def test_generated_frames_never_break_the_server_or_the_room(live_server: ServerProcess) -> None:
    room_id = asyncio.run(create_room_on(live_server, code="hello"))

    @given(st.lists(frames(), min_size=1, max_size=6))
    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    def run(sent: list[str | bytes]) -> None:
        asyncio.run(send_and_check(live_server, room_id, sent))

    run()
    asyncio.run(check_room_and_server(live_server, room_id))


async def send_and_check(server: ServerProcess, room_id: str, sent: list[str | bytes]) -> None:
    async with websockets.connect(f"{server.ws_url}/ws/{room_id}") as socket:
        assert json.loads(await socket.recv())["type"] == "welcome"
        try:
            for message in sent:
                await socket.send(message)
            # Changes are answered once stored, after the room's queue: read until it is quiet.
            while True:
                reply = json.loads(await asyncio.wait_for(socket.recv(), QUIET_SECONDS))
                # Bad input is refused at the edge: never by the database, never a crash.
                assert reply.get("code") not in ("internal_error", "unstorable"), reply
        except TimeoutError:
            await socket.send('{"type": "ping"}')
            assert json.loads(await asyncio.wait_for(socket.recv(), 5))["type"] == "pong"
        except ConnectionClosed as closed:
            assert closed.rcvd is not None and closed.rcvd.code in DOCUMENTED_CLOSES, closed


async def check_room_and_server(server: ServerProcess, room_id: str) -> None:
    """The room's stored text is its updates applied in order, and another room still saves."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        assert (await http.get("/ready")).status_code == 200
        history = (await http.get(f"/rooms/{room_id}/history?limit=1000")).json()["updates"]
        rebuilt = (await http.get(f"/rooms/{room_id}/versions/0")).json()["code"]
    editor = await RoomClient.join(server.ws_url, room_id)
    for entry in history:
        rebuilt = Document.from_text(rebuilt).apply(entry["changes"]).text
    assert editor.text == rebuilt == (await get_room_on(server, room_id))["code"]
    other = await RoomClient.join(server.ws_url, await create_room_on(server))
    await other.push([[0, "still saving"]])
    await other.sync_to(1, timeout=3)
    await other.close()
    await editor.close()
