"""The browser app: the built frontend when present, else a small page that says how to build it."""

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

DIST = Path(__file__).resolve().parents[3] / "frontend" / "dist"

PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PairPad</title></head>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>PairPad</h1>
<p>The editor has not been built. Run <code>make run</code>, or use the
<a href="/docs">REST API</a> and the WebSocket described in <code>docs/protocol.md</code>.</p>
</body></html>"""


def mount_frontend(app: FastAPI, dist: Path = DIST) -> None:
    router = APIRouter(include_in_schema=False)
    index = dist / "index.html"

    async def page() -> Response:
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return HTMLResponse(PLACEHOLDER)

    router.add_api_route("/", page, methods=["GET"], response_model=None)
    router.add_api_route("/room/{room_id}", page, methods=["GET"], response_model=None)
    app.include_router(router)
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
