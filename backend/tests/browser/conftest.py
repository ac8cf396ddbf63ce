"""Browser fixtures: Debian's Chromium driven by Playwright against a real `pairpad serve`."""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Error, Page, async_playwright

from tests.browser.pages import LAPTOP, ROOT, Viewport
from tests.server import ServerProcess

CHROMIUM = Path("/usr/bin/chromium")
FRONTEND_INDEX = ROOT / "frontend" / "dist" / "index.html"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NewPage = Callable[..., Awaitable[Page]]


@pytest.fixture(scope="session")
def built_frontend() -> None:
    """The server serves frontend/dist as it is when it starts, so it must be built first."""
    if not FRONTEND_INDEX.is_file():
        pytest.fail(
            f"{FRONTEND_INDEX} is missing: build the editor first (cd frontend && npm ci && "
            "npm run build; `make test` does it)."
        )


@pytest.fixture(scope="session")
def server(built_frontend: None, live_server: ServerProcess) -> ServerProcess:
    return live_server


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; a missing browser fails the tests, it is never downloaded."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium); the browser tests never download one."
        )
    return CHROMIUM


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        try:
            launched = await playwright.chromium.launch(
                executable_path=str(chromium), args=LAUNCH_ARGS
            )
        except Error as exc:
            pytest.fail(f"Chromium at {chromium} did not start: {exc}")
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def new_page(browser: Browser) -> AsyncIterator[NewPage]:
    """Open a page in a browser context of its own (its own storage, like another person).

    `name` is the display name remembered in that browser (None: never asked yet). Uncaught
    page errors fail the test.
    """
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    async def open_page(
        name: str | None = "Ada", *, viewport: Viewport = LAPTOP, color_scheme: str = "light"
    ) -> Page:
        context = await browser.new_context(
            viewport={"width": viewport.width, "height": viewport.height},
            color_scheme=color_scheme,  # type: ignore[arg-type]
            permissions=["clipboard-read", "clipboard-write"],
        )
        contexts.append(context)
        if name is not None:
            await context.add_init_script(
                f"localStorage.setItem('pairpad.displayName', {json.dumps(name)})"
            )
        page = await context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(f"{name}: {error}"))
        return page

    yield open_page
    for context in contexts:
        await context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
