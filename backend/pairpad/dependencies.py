"""Things the routers get injected: settings and the collaboration service."""

from typing import Annotated

from fastapi import Depends, Request

from pairpad.collab.service import Collaboration
from pairpad.config import Settings
from pairpad.errors import UnsupportedMediaType


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_collaboration(request: Request) -> Collaboration:
    collab: Collaboration = request.app.state.collab
    return collab


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
CollabDep = Annotated[Collaboration, Depends(get_collaboration)]


def json_or_no_body(request: Request) -> None:
    """Refuse a body of any other type (415): a form or text/plain is a request any web page
    can send without asking the browser first (no CORS preflight), JSON is not."""
    content_type = request.headers.get("content-type")
    if content_type is None:
        return
    if content_type.partition(";")[0].strip().lower() != "application/json":
        raise UnsupportedMediaType(
            f"Send JSON (Content-Type: application/json) or no body, not {content_type!r}."
        )
