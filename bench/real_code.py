"""Autocomplete on real code nobody here wrote: how often the first suggestion is right.

A fixed seed picks Python files of the standard library and of popular packages installed in the
venv (4 to 60 KB each, unmodified), and in each an identifier at random: after a dot (`x.ab`) or a
plain name. The request is the whole file with that identifier cut back to its first 2 to 4
characters and the cursor after them, the rest of the file kept, as when someone types it anew.
Through a real `pairpad serve`, one request per case, each on a text the server has not seen:
top-1 (the suggestion completes the identifier), top-5 (one of the first five items does),
empty answers, and latency, by position and by provider.

Writes bench/results/completion-<date>.json and prints a Markdown table.
Run from the repository root: `uv run python -m bench.real_code [--cases N]`.
"""

import argparse
import asyncio
import io
import json
import keyword
import random
import sysconfig
import time
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from bench.machine import describe
from bench.servers import ROOT, WORK, Service, pairpad
from bench.stats import Histogram
from pairpad.config import Settings

RESULTS = ROOT / "bench" / "results"
SEED = 20261203
CASES = 240
SMALLEST, LARGEST = 4_000, 60_000
PACKAGES = ("httpx", "starlette", "click", "alembic", "anyio", "packaging", "sqlalchemy/orm")
SKIPPED_STDLIB = ("test", "idlelib", "lib2to3", "site-packages", "tkinter", "turtledemo")
SERVER_ENV = {"AUTOCOMPLETE_PER_SECOND": "1000", "AUTOCOMPLETE_BURST": "1000"}
"""One request after another, faster than a typist: the rate limit must not answer them."""


@dataclass(frozen=True, slots=True)
class Case:
    path: str
    identifier: str
    typed: int
    attribute: bool
    code: str
    cursor: int
    """In UTF-16 code units, as the editor counts."""


def candidate_files() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    site = Path(sysconfig.get_paths()["purelib"])
    files = [
        path
        for path in stdlib.rglob("*.py")
        if not set(path.relative_to(stdlib).parts[:-1]) & set(SKIPPED_STDLIB)
    ]
    for package in PACKAGES:
        files += (site / package).rglob("*.py")
    return sorted(path for path in files if SMALLEST <= path.stat().st_size <= LARGEST)


def identifiers(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, after a dot) of every identifier of four or more characters in the code
    (not in strings or comments), as character offsets."""
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        name = token.string
        if token.type == tokenize.NAME and not keyword.iskeyword(name) and len(name) >= 4:
            start = line_starts[token.start[0] - 1] + token.start[1]
            yield start, start + len(name), previous == "."
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = token.string


def shown(path: Path) -> str:
    """`path` from the standard library's folder or site-packages, as in `os.py`."""
    for root in (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"]):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def pick_case(rng: random.Random, path: Path, attribute: bool) -> Case | None:
    try:
        text = path.read_text(encoding="utf-8")
        found = [(s, e) for s, e, dotted in identifiers(text) if dotted == attribute]
    except (UnicodeDecodeError, SyntaxError, tokenize.TokenError):
        return None
    if not found:
        return None
    start, end = rng.choice(found)
    identifier = text[start:end]
    typed = rng.randint(2, min(4, len(identifier) - 1))
    before = text[:start] + identifier[:typed]
    return Case(
        path=shown(path),
        identifier=identifier,
        typed=typed,
        attribute=attribute,
        code=before + text[end:],
        cursor=units(before),
    )


def sample(count: int) -> list[Case]:
    rng = random.Random(SEED)
    files = candidate_files()
    cases: list[Case] = []
    while len(cases) < count:
        case = pick_case(rng, rng.choice(files), attribute=len(cases) % 2 == 0)
        if case is not None:
            cases.append(case)
    return cases


@dataclass(frozen=True, slots=True)
class Answer:
    case: Case
    provider: str
    suggested: str
    """What the first suggestion would make of the word."""
    top1: bool
    top5: bool
    empty: bool
    latency_ms: float


async def ask(http: httpx.AsyncClient, case: Case) -> Answer:
    body = {"code": case.code, "cursorPosition": case.cursor, "language": "python"}
    started = time.perf_counter()
    response = await http.post("/autocomplete", json=body)
    latency = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    found = response.json()
    rest = case.identifier[case.typed :]
    inserted = [item["insertText"] for item in found["items"][:5]]
    return Answer(
        case=case,
        provider=found["provider"],
        suggested=case.identifier[: case.typed] + found["suggestion"],
        top1=found["suggestion"] == rest,
        top5=rest in inserted,
        empty=not found["items"],
        latency_ms=latency,
    )


def row(label: str, answers: list[Answer]) -> dict[str, Any]:
    histogram = Histogram()
    for answer in answers:
        histogram.add(answer.latency_ms)
    latency = histogram.summary()
    providers: dict[str, int] = {}
    for answer in answers:
        providers[answer.provider] = providers.get(answer.provider, 0) + 1
    share = lambda hits: round(100 * hits / len(answers), 1) if answers else None  # noqa: E731
    return {
        "positions": label,
        "cases": len(answers),
        "top1_percent": share(sum(a.top1 for a in answers)),
        "top5_percent": share(sum(a.top5 for a in answers)),
        "empty_percent": share(sum(a.empty for a in answers)),
        "p50_ms": latency["p50"],
        "p95_ms": latency["p95"],
        "providers": providers,
    }


async def warm_up(http: httpx.AsyncClient) -> None:
    """Until jedi answers: its worker is started, as it is a few seconds after a start."""
    body = {"code": "import os\nos.pa", "cursorPosition": 15, "language": "python"}
    for _ in range(100):
        if (await http.post("/autocomplete", json=body)).json()["provider"] == "jedi":
            return
        await asyncio.sleep(0.2)
    raise RuntimeError("jedi never answered")


async def run(count: int) -> dict[str, Any]:
    cases = sample(count)
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "real-code.db"
    database.unlink(missing_ok=True)
    server: Service = pairpad(f"sqlite+aiosqlite:///{database}", env=SERVER_ENV).start()
    try:
        async with httpx.AsyncClient(base_url=server.http_url, timeout=30) as http:
            await warm_up(http)
            answers = [await ask(http, case) for case in cases]
    finally:
        server.stop()
    by_provider = sorted({answer.provider for answer in answers})
    rows = [
        row("all", answers),
        row("attribute (x.ab)", [a for a in answers if a.case.attribute]),
        row("plain name", [a for a in answers if not a.case.attribute]),
        *(row(f"answered by {p}", [a for a in answers if a.provider == p]) for p in by_provider),
    ]
    settings = Settings()
    return {
        "date": date.today().isoformat(),
        "machine": describe(),
        "seed": SEED,
        "settings": {"autocomplete_budget_ms": settings.autocomplete_budget_ms},
        "rows": rows,
        "misses": [
            {
                "path": a.case.path,
                "identifier": a.case.identifier,
                "typed": a.case.typed,
                "suggested": a.suggested,
                "provider": a.provider,
            }
            for a in answers
            if not a.top1
        ],
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| positions | cases | top-1 | top-5 | empty | p50 ms | p95 ms | answered by |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for found in result["rows"]:
        providers = ", ".join(f"{name} {n}" for name, n in found["providers"].items())
        lines.append(
            f"| {found['positions']} | {found['cases']} | {found['top1_percent']} % | "
            f"{found['top5_percent']} % | {found['empty_percent']} % | {found['p50_ms']} | "
            f"{found['p95_ms']} | {providers} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.real_code", description=__doc__)
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--out", type=Path, help="where to write the JSON (default: results)")
    args = parser.parse_args()
    result = asyncio.run(run(args.cases))
    path = args.out or RESULTS / f"completion-{result['date']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(markdown(result))
    print(f"\nWritten to {path}")


if __name__ == "__main__":
    main()
