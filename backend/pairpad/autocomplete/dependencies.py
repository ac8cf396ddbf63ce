"""The autocomplete service: created with the app, closed with it, injected into the route."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from pairpad.autocomplete.service import Autocomplete


@asynccontextmanager
async def autocomplete_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the service with the app's settings; stop its worker processes at shutdown."""
    service = Autocomplete.from_settings(app.state.settings)
    app.state.autocomplete = service
    try:
        yield
    finally:
        await service.close()


def get_autocomplete(request: Request) -> Autocomplete:
    service: Autocomplete = request.app.state.autocomplete
    return service


AutocompleteDep = Annotated[Autocomplete, Depends(get_autocomplete)]
