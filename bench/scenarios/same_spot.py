"""Scenario 7: two people typing at one spot at once, and how much their typing interleaves.

Two editors (bench/same_spot_typists.cjs) put their cursors at the end of one room's text and
type a line each there, one in lower case and one in upper case so every character's author is
known, at a fast and a human speed, on loopback and with 100 ms each way (a delay proxy). Once
all is stored: the share of typed characters with a neighbour from the other author, beyond the
two at the one boundary two whole lines must share (0 = no interleaving). Measured for the web
editor's ordering (orderedCollab, `"tieBreak": "author"`) and for @codemirror/collab's (by
arrival), which other clients and the editor before it use.
"""

import asyncio
import json
import shutil
from itertools import pairwise, product
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.pairpad_api import create_rooms
from bench.plan import Plan
from bench.servers import ROOT, Deployment
from tests.tcp_proxy import TcpProxy

TYPISTS = ROOT / "bench" / "same_spot_typists.cjs"
START = "start\n"
LINES = ("alphaonetypesthisline", "BETATWOTYPESTHISLINE")
SPEEDS = (60, 8)
"""Keys a second each: faster than people type, and a steady human pace."""
DELAYS = (0.0, 0.1)
"""Seconds added each way between each editor and the server."""
ORDERINGS = ("ordered", "codemirror")


def interleaving(typed: str) -> float:
    """The share of characters with a neighbour by the other author, past the one boundary."""
    if not typed:
        return 0.0
    authors = [character.isupper() for character in typed]
    foreign = [False] * len(typed)
    for index, (left, right) in enumerate(pairwise(authors)):
        if left != right:
            foreign[index] = foreign[index + 1] = True
    return max(0, sum(foreign) - 2) / len(typed)


async def type_once(ws_url: str, room_id: str, ordering: str, keys_per_second: int) -> str:
    """One trial; the text both editors ended with (it must be one)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("the same-spot scenario needs Node.js")
    interval_ms = 1000 / keys_per_second
    clients = [
        {"url": ws_url, "name": name, "line": line, "intervalMs": interval_ms}
        for name, line in zip(("one", "two"), LINES, strict=True)
    ]
    process = await asyncio.create_subprocess_exec(
        node,
        "--experimental-websocket",
        "--no-warnings",
        str(TYPISTS),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    config = {"room": room_id, "collab": ordering, "clients": clients}
    out, err = await asyncio.wait_for(process.communicate(json.dumps(config).encode()), 120)
    if process.returncode != 0:
        raise RuntimeError(f"the typists failed: {err.decode()}")
    docs = set(json.loads(out)["docs"])
    if len(docs) != 1:
        raise RuntimeError(f"the editors diverged: {docs}")
    return docs.pop()


async def run(server: Deployment, plan: Plan) -> list[dict[str, Any]]:
    split = urlsplit(server.http_url)
    assert split.hostname is not None and split.port is not None
    rows = []
    async with httpx.AsyncClient(base_url=server.http_url, timeout=60) as http:
        for ordering, keys_per_second, delay in product(ORDERINGS, SPEEDS, DELAYS):
            proxy = await TcpProxy(split.hostname, split.port, delay).start()
            shares, whole = [], 0
            try:
                for room_id in await create_rooms(http, plan.same_spot_trials):
                    (await http.patch(f"/rooms/{room_id}", json={"code": START})).raise_for_status()
                    text = await type_once(
                        f"ws://127.0.0.1:{proxy.port}", room_id, ordering, keys_per_second
                    )
                    stored = (await http.get(f"/rooms/{room_id}")).json()["code"]
                    if stored != text:
                        raise RuntimeError("the editors and the database differ")
                    typed = text.removeprefix(START)
                    shares.append(interleaving(typed))
                    whole += all(line in typed for line in LINES)
            finally:
                await proxy.stop()
            rows.append(
                {
                    "ordering": ordering,
                    "keys_per_second": keys_per_second,
                    "delay_ms": round(delay * 1000),
                    "trials": len(shares),
                    "interleaved_share": round(sum(shares) / len(shares), 3),
                    "worst_share": round(max(shares), 3),
                    "both_lines_whole": whole,
                }
            )
    return rows
