"""Things the routers get injected: settings and the collaboration service."""

from typing import Annotated

from fastapi import Depends, Request

from pairpad.collab.service import Collaboration
from pairpad.config import Settings


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_collaboration(request: Request) -> Collaboration:
    collab: Collaboration = request.app.state.collab
    return collab


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
CollabDep = Annotated[Collaboration, Depends(get_collaboration)]
