"""Where the milliseconds of one keystroke go: `uv run python -m bench.hops`.

One room, two people, one keystroke every 150 ms from the first, on a server started by
`bench/hop_server.py` (PostgreSQL, as `make bench` runs it). For every keystroke the time from
its send to each hop inside the server, and to its arrival at the peer; the table gives the
median of each step over all keystrokes. Prints Markdown; bench/README.md quotes the result.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time

import httpx
import orjson
import websockets

from bench import database
from bench.pairpad_api import create_rooms
from bench.servers import WORK, Service, pairpad
from pairpad.client import messages_in

HOPS = (
    "frame read",
    "parsed",
    "worker starts batch",
    "sequenced",
    "commit starts",
    "commit ends",
    "worker resumes",
    "broadcast",
    "frame written",
)
GAP_SECONDS = 0.15


def traced_server(database_url: str, out: str, compress: bool) -> Service:
    server = pairpad(database_url, {"HOPS_OUT": out, "WS_PER_MESSAGE_DEFLATE": str(compress)})
    server.command = [sys.executable, "-m", "bench.hop_server", "serve", "--port", "{port}"]
    return server


def has_updates(raw: str | bytes) -> bool:
    return any(message["type"] == "updates" for message in messages_in(raw))


async def type_keystrokes(server: Service, count: int, compress: bool) -> list[tuple[int, int]]:
    """(sent, arrived at the peer) in perf_counter_ns for each keystroke."""
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        room = (await create_rooms(http, 1))[0]
    compression = "deflate" if compress else None
    url = f"{server.ws_url}/ws/{room}?bundle=1"
    async with (
        websockets.connect(url, compression=compression) as typist,
        websockets.connect(url, compression=compression) as peer,
    ):
        version = messages_in(await typist.recv())[0]["room"]["version"]
        await peer.recv()
        times: list[tuple[int, int]] = []
        for index in range(count):
            changes = [index, [0, "x"]] if index else [[0, "x"]]
            push = {
                "type": "push",
                "version": version,
                "updates": [{"clientID": "typist", "changes": changes}],
            }
            frame = orjson.dumps(push).decode()
            sent = time.perf_counter_ns()
            await typist.send(frame)
            while not has_updates(await peer.recv()):
                pass
            arrived = time.perf_counter_ns()
            while not has_updates(await typist.recv()):
                pass
            version += 1
            times.append((sent, arrived))
            await asyncio.sleep(GAP_SECONDS)
    return times


Marks = list[tuple[str, int]]


def breakdown(times: list[tuple[int, int]], marks: Marks) -> list[tuple[str, float]]:
    """The median time from the send to each hop (the first of its kind after the send; the
    last frame written before the peer had it), then to the peer."""
    at: dict[str, list[float]] = {hop: [] for hop in (*HOPS, "peer receives")}
    for sent, arrived in times:
        window = [(hop, t) for hop, t in marks if sent <= t <= arrived]
        for hop in HOPS:
            found = [t for name, t in window if name == hop]
            if found:
                chosen = found[-1] if hop == "frame written" else found[0]
                at[hop].append((chosen - sent) / 1e6)
        at["peer receives"].append((arrived - sent) / 1e6)
    return [(hop, statistics.median(values)) for hop, values in at.items() if values]


def table(rows: list[tuple[str, float]], compress: bool) -> str:
    lines = [
        f"permessage-deflate {'on' if compress else 'off'}",
        "",
        "| hop | ms after send (median) | step ms |",
        "|---|---|---|",
    ]
    previous = 0.0
    for hop, at in rows:
        lines.append(f"| {hop} | {at:.3f} | {at - previous:.3f} |")
        previous = at
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--no-deflate", action="store_true")
    args = parser.parse_args()
    compress = not args.no_deflate
    WORK.mkdir(parents=True, exist_ok=True)
    out = str(WORK / "hops.json")
    with database.bench_database() as url:
        server = traced_server(url, out, compress).start()
        try:
            times = asyncio.run(type_keystrokes(server, args.keystrokes, compress))
        finally:
            server.stop()
    with open(out) as saved:
        marks = [(hop, t) for hop, t in json.load(saved)]
    print(table(breakdown(times[10:], marks), compress))


if __name__ == "__main__":
    main()
