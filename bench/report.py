"""The results file as Markdown: the machine, the targets, then one table per scenario."""

from collections.abc import Callable, Sequence
from typing import Any

PAIRPAD = "PairPad (PostgreSQL)"
PROFILE_ROWS = 10
LOAD_COLUMNS = ("status", "p50 ms", "p95 ms", "p99 ms", "max ms", "samples", "edits/s")
USAGE_COLUMNS = ("server CPU %", "load gen. CPU %", "machine CPU %", "load gen. lag p99 ms")
COUNTER_COLUMNS = (
    "commits/s",
    "commit mean ms",
    "rebased pushes/s",
    "rejected pushes/s",
    "server log warnings",
)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    def cell(value: Any) -> str:
        return "-" if value is None else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


def load_cells(row: dict[str, Any]) -> list[Any]:
    latency = row["latency_ms"]
    status = row["status"]
    if row["problems"]:
        status += " (" + ", ".join(f"{name}: {n}" for name, n in row["problems"].items()) + ")"
    return [
        status,
        latency["p50"],
        latency["p95"],
        latency["p99"],
        latency["max"],
        latency["samples"],
        row["edits_per_second"],
        row["server_cpu_pct"],
        row["load_generator_cpu_pct"],
        row["machine_cpu_pct"],
        row["load_generator_loop_lag_p99_ms"],
        row.get("server_commits_per_second"),
        row.get("server_commit_mean_ms"),
        row.get("server_rebased_pushes_per_second"),
        row.get("server_rejected_pushes_per_second"),
        row.get("server_log_warnings"),
    ]


def find(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    return next((row for row in rows if all(row.get(k) == v for k, v in match.items())), None)


def latency_of(row: dict[str, Any] | None, key: str) -> float | None:
    """A percentile of a run that converged; a failed run has no latency worth comparing."""
    if row is None or row["status"] != "ok":
        return None
    value: float | None = row["latency_ms"][key]
    return value


def verdict(measured: float | None, limit: float | None) -> str:
    if measured is None or limit is None:
        return "not measured"
    return "met" if measured < limit else "**missed**"


def crowd_target(rows: list[dict[str, Any]]) -> list[Any]:
    """One room of 100: measured, or not tried because a smaller room had already degraded."""
    target = "one room of 100 people: p95 < 40 ms"
    p95 = latency_of(find(rows, system=PAIRPAD, people=100), "p95")
    ours = [row for row in rows if row["system"] == PAIRPAD]
    if p95 is None and ours and ours[-1]["people"] < 100:
        last = ours[-1]
        seen = f"not tried: at {last['people']} people p95 was {last['latency_ms']['p95']} ms"
        return [target, seen, "**missed**"]
    return [target, p95, verdict(p95, 40)]


def targets(results: dict[str, Any]) -> list[str]:
    s1, s2, s4 = results.get("latency", []), results.get("crowd", []), results.get("memory", [])
    ours = latency_of(find(s1, system=PAIRPAD, rooms=100), "p99")
    memory = {row["system"]: row["per_idle_connection_kib"] for row in s4}
    rows = [
        ["100 rooms x 2, human speed: keystroke → peer p99 < 15 ms", ours, verdict(ours, 15)],
        crowd_target(s2),
        [
            "idle connection < 50 KiB of server memory",
            memory.get(PAIRPAD),
            verdict(memory.get(PAIRPAD), 50),
        ],
    ]
    for rival in ("Hocuspocus (memory)", "Hocuspocus (SQLite)"):
        theirs = latency_of(find(s1, system=rival, rooms=100), "p99")
        rows.append(
            [f"p99 at 100 rooms x 2 below {rival}'s ({theirs} ms)", ours, verdict(ours, theirs)]
        )
        rows.append(
            [
                f"idle connection below {rival}'s ({memory.get(rival)} KiB)",
                memory.get(PAIRPAD),
                verdict(memory.get(PAIRPAD), memory.get(rival)),
            ]
        )
    return ["## Targets", "", *table(("target", "PairPad", "verdict"), rows)]


def load_section(
    title: str, rows: list[dict[str, Any]], label: str, level: Callable[[dict[str, Any]], str]
) -> list[str]:
    headers = ("server", label, *LOAD_COLUMNS, *USAGE_COLUMNS, *COUNTER_COLUMNS)
    body = [[row.get("system", PAIRPAD), level(row), *load_cells(row)] for row in rows]
    return [f"## {title}", "", *table(headers, body)]


def memory_section(rows: list[dict[str, Any]]) -> list[str]:
    body = [
        [
            row["system"],
            row["rooms"],
            row["connections"],
            row["baseline_mib"],
            row["per_open_room_kib"],
            row["per_idle_connection_kib"],
        ]
        for row in rows
    ]
    headers = ("server", "rooms", "idle connections", "baseline MiB", "per open room KiB")
    return ["## 4. Memory (RSS)", "", *table((*headers, "per idle connection KiB"), body)]


def autocomplete_section(found: dict[str, Any]) -> list[str]:
    completion = found["autocomplete_ms"]
    editing = found["editing"]["latency_ms"]
    answered = ", ".join(f"{name} {count}" for name, count in found["answered_by"].items())
    headers = ("requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "answered by")
    row = [completion[key] for key in ("samples", "p50", "p95", "p99", "max")] + [answered]
    return [
        f"## 5. Autocomplete while {found['rooms']} rooms x {found['people']} type",
        "",
        f"Typing a {found['file_lines']}-line Python file, one request per keystroke. "
        f"Meanwhile keystroke → peer: p50 {editing['p50']} ms, p99 {editing['p99']} ms "
        f"({found['editing']['status']}).",
        "",
        *table(headers, [row]),
    ]


def cold_start_section(found: dict[str, Any]) -> list[str]:
    opens = found["cold_open_ms"]
    row = [
        found["history_updates"],
        found["stored_updates"],
        opens["median"],
        opens["max"],
        found["since_zero_ms"],
        found["since_zero_welcome_kib"],
    ]
    headers = ("history (updates)", "stored", "cold open median ms", "cold open max ms")
    return [
        "## 6. Cold start of a room with a long history",
        "",
        *table((*headers, "since=0 welcome ms", "since=0 welcome KiB"), [row]),
    ]


def same_spot_section(rows: list[dict[str, Any]]) -> list[str]:
    headers = ("ordering", "keys/s each", "delay ms each way", "trials", "interleaved share")
    cells = [
        [
            "web editor (by author)"
            if row["ordering"] == "ordered"
            else "@codemirror/collab (by arrival)",
            row["keys_per_second"],
            row["delay_ms"],
            row["trials"],
            f"{row['interleaved_share']:.1%} (worst {row['worst_share']:.1%})",
            f"{row['both_lines_whole']} of {row['trials']}",
        ]
        for row in rows
    ]
    return [
        "## 7. Two people typing at one spot",
        "",
        "Share of typed characters with a neighbour by the other author, beyond the one "
        "boundary two whole lines share (0 = no interleaving).",
        "",
        *table((*headers, "both lines whole"), cells),
    ]


def frame_rows(entries: list[dict[str, Any]]) -> list[list[Any]]:
    return [[entry["percent"], f"`{entry['frame']}`"] for entry in entries[:PROFILE_ROWS]]


def profile_section(found: dict[str, Any]) -> list[str]:
    return [
        f"### py-spy: {found['during']} ({found['samples']} samples holding the GIL)",
        "",
        *table(("% samples", "package (self time)"), frame_rows(found["self_by_package"])),
        *table(("% samples", "frame (self time)"), frame_rows(found["self"])),
        *table(
            ("% samples", "hot-path frame (inclusive)"), frame_rows(found["inclusive_hot_path"])
        ),
    ]


def code_note(code: dict[str, dict[str, Any]]) -> str:
    start, end = code["at_start"], code["at_end"]
    note = f"Server code: commit {start['commit']}"
    if start["edited"] or end["edited"]:
        note += " with uncommitted edits in backend/pairpad"
    if start != end:
        note += f"; **the code changed during the run** (commit {end['commit']} at the end)"
    return note + "."


def header(results: dict[str, Any]) -> list[str]:
    host = results["machine"]
    postgres = host["postgres"]
    return [
        f"# PairPad benchmark, {results['date']} ({results['plan']} plan)",
        "",
        f"{host['cpu_model']}, {host['cores']} cores, {host['memory_gib']} GiB; Linux "
        f"{host['kernel']}; Python {host['python']}; Node {host['node']}; PostgreSQL "
        f"{postgres.get('server_version')} (fsync {postgres.get('fsync')}, synchronous_commit "
        f"{postgres.get('synchronous_commit')}). Load average at start: "
        f"{', '.join(str(value) for value in host['load_average_at_start'])}. "
        f"Each load run: {results['plan_parameters']['window']} s measured after a warm-up. "
        f"Whole run: {results['duration_seconds']} s. {code_note(results['code'])}",
        "",
    ]


def markdown(results: dict[str, Any]) -> str:
    lines = header(results) + targets(results)
    if "latency" in results:
        lines += load_section(
            "1. Keystroke → peer, rooms of 2 at human speed",
            results["latency"],
            "rooms x people",
            lambda row: f"{row['rooms']} x {row['people']}",
        )
    if "crowd" in results:
        lines += load_section(
            "2. One crowded room at human speed",
            results["crowd"],
            "people",
            lambda row: str(row["people"]),
        )
    if "throughput" in results:
        lines += load_section(
            "3. Throughput: rooms of 2 typing flat out (edits/s = confirmed, stored)",
            results["throughput"],
            "rooms x people",
            lambda row: f"{row['rooms']} x {row['people']}",
        )
    if "memory" in results:
        lines += memory_section(results["memory"])
    if "autocomplete" in results:
        lines += autocomplete_section(results["autocomplete"])
    if "cold_start" in results:
        lines += cold_start_section(results["cold_start"])
    if "same_spot" in results:
        lines += same_spot_section(results["same_spot"])
    if results.get("profiles"):
        lines += ["## Where the server's CPU goes", ""]
        for found in results["profiles"].values():
            lines += profile_section(found)
    return "\n".join(lines)
