"""The History panel of a room with a long history: how long a person waits for it.

A room gets its history through the WebSocket protocol (pairpad.client): one typist's keystrokes
(letters, a line break every 40, a backspace every 25), one update each, `UPDATES_PER_PUSH` to a
push, every one stored and confirmed as an editor's would be. Then, `--opens` times, Debian's
Chromium loads the room page afresh (no history held from before), waits until the editor is
connected, and clicks History. Each open is timed in the page from the click to the first frame
in which the version slider is enabled at the newest version and the text is shown; then one step
back along the slider is timed from the key press to the caption naming the version before.
Prints a Markdown table and leaves a screenshot of the panel as it opened in bench/.work/.

Run from the repository root with the frontend built (cd frontend && npm run build):
`uv run python -m bench.history_panel [--updates N] [--opens N]`. PostgreSQL as for `make bench`
(bench/README.md): `BENCH_DATABASE_URL`, or a database of its own on the local server.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Page, async_playwright

from bench import servers
from bench.database import bench_database
from bench.editor import Keystroke, keystroke_changes
from pairpad.client import RoomClient

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = servers.WORK / "history-panel.png"
UPDATES_PER_PUSH = 2000
CONFIRM_SECONDS = 60.0
# Long enough for a panel that replays the whole history, as it once did.
OPEN_LIMIT_MS = 120_000
LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Clicks History and waits, a frame at a time, until the slider can be used at the newest version.
TIME_OPEN = """
async ({ latest, limit }) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const panel = () => document.querySelector('section[aria-label="History"]');
  const usable = () => {
    const slider = panel()?.querySelector('input[aria-label="Version"]');
    const text = panel()?.querySelector(".history-viewer .cm-content")?.textContent;
    return slider && !slider.disabled && slider.value === String(latest) && text;
  };
  const started = performance.now();
  document.querySelector('button[aria-label="History"]').click();
  while (!usable()) {
    if (performance.now() - started > limit) return null;
    await frame();
  }
  return performance.now() - started;
}
"""


@dataclass(slots=True)
class PanelTiming:
    open_ms: float
    step_ms: float
    first_version: int
    latest: int


def keystroke(index: int, length: int) -> Keystroke:
    """The typist's `index`-th keystroke, at the end of a text of `length`."""
    if index % 25 == 24:
        return Keystroke(length, None)
    return Keystroke(length, "\n" if index % 40 == 39 else LETTERS[index % len(LETTERS)])


async def type_history(ws_url: str, room_id: str, updates: int) -> int:
    """Types `updates` keystrokes, a push at a time, each push confirmed before the next."""
    typist = await RoomClient.join(
        ws_url, room_id, name="Typist", keep_updates=False, bundle=True, proxy=None
    )
    try:
        while typist.version < updates:
            length = typist.doc.length
            changes = []
            for index in range(typist.version, min(updates, typist.version + UPDATES_PER_PUSH)):
                pressed = keystroke(index, length)
                changes.append(keystroke_changes(pressed, length))
                length += -1 if pressed.char is None and length else 1
            target = typist.version + len(changes)
            await typist.push(*changes)
            await typist.sync_to(target, timeout=CONFIRM_SECONDS)
            print(f"  typed {typist.version:,} updates", file=sys.stderr)
        return typist.version
    finally:
        await typist.close()


async def time_panel(page: Page, latest: int, screenshot: Path | None) -> PanelTiming:
    """Opens the History panel, times it, and steps back one version."""
    panel = page.get_by_role("region", name="History")
    slider = panel.get_by_role("slider", name="Version")
    open_ms = await page.evaluate(TIME_OPEN, {"latest": latest, "limit": OPEN_LIMIT_MS})
    if open_ms is None:
        raise RuntimeError(f"the panel was not usable within {OPEN_LIMIT_MS / 1000:.0f} s")
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=screenshot)
    first_version = int(await slider.get_attribute("min") or 0)
    started = time.perf_counter()
    await slider.press("ArrowLeft")
    await page.wait_for_function(
        """(version) => document.querySelector(".version-caption")
             ?.textContent.startsWith(`Version ${version} of`)""",
        arg=latest - 1,
        polling="raf",
    )
    step_ms = (time.perf_counter() - started) * 1000
    return PanelTiming(open_ms, step_ms, first_version, latest)


async def measure(base_url: str, room_id: str, latest: int, opens: int) -> list[PanelTiming]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            await context.add_init_script(
                f"localStorage.setItem('pairpad.displayName', {json.dumps('Reader')})"
            )
            page = await context.new_page()
            page.set_default_timeout(OPEN_LIMIT_MS)
            timings = []
            for turn in range(opens):
                await page.goto(f"{base_url}/room/{room_id}")
                await page.locator('.connection-status[data-status="connected"]').wait_for()
                timings.append(await time_panel(page, latest, SCREENSHOT if turn == 0 else None))
            return timings
        finally:
            await browser.close()


def markdown(updates: int, timings: list[PanelTiming]) -> str:
    first = timings[0]
    opens = [timing.open_ms for timing in timings]
    steps = [timing.step_ms for timing in timings]
    return "\n".join(
        [
            "| room | versions on the slider | opens | History → slider usable, ms: median "
            "(max) | one step back, ms: median (max) |",
            "| --- | --- | ---: | ---: | ---: |",
            f"| {updates:,} updates | {first.first_version:,} … {first.latest:,} | "
            f"{len(timings)} | "
            f"{statistics.median(opens):.0f} ({max(opens):.0f}) | "
            f"{statistics.median(steps):.0f} ({max(steps):.0f}) |",
        ]
    )


async def run(database_url: str, updates: int, opens: int) -> str:
    server = servers.pairpad(database_url).start()
    try:
        async with httpx.AsyncClient(base_url=server.http_url, timeout=30) as http:
            created = await http.post("/rooms", json={"name": "Long history", "language": "python"})
            created.raise_for_status()
            room_id = str(created.json()["roomId"])
            started = time.perf_counter()
            latest = await type_history(server.ws_url, room_id, updates)
            typed_s = time.perf_counter() - started
            print(f"{latest:,} updates stored in {typed_s:.0f} s", file=sys.stderr)
            stored: dict[str, Any] = (await http.get(f"/rooms/{room_id}")).json()
            if stored["version"] != latest:
                raise RuntimeError(f"the room is at {stored['version']}, not {latest}")
        timings = await measure(server.http_url, room_id, latest, opens)
    finally:
        server.stop()
    return markdown(updates, timings)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.history_panel", description=__doc__)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()
    with bench_database() as database_url:
        table = asyncio.run(run(database_url, args.updates, args.opens))
    print(table)
    print(f"\nScreenshot: {SCREENSHOT}")


if __name__ == "__main__":
    main()
