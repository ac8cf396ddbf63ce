"""The autocomplete service: created with the app, closed with it, injected into the route."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from pairpad.autocomplete.service import Autocomplete


@asynccontextmanager
async def autocomplete_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the service with the app's settings; stop its worker processes at shutdown."""
    settings = app.state.settings
    service = Autocomplete.from_settings(settings)
    app.state.autocomplete = service
    warming = asyncio.create_task(service.warm_up()) if settings.autocomplete_warm_up else None
    try:
        yield
    finally:
        if warming is not None:
            warming.cancel()
        await service.close()


def get_autocomplete(request: Request) -> Autocomplete:
    service: Autocomplete = request.app.state.autocomplete
    return service


AutocompleteDep = Annotated[Autocomplete, Depends(get_autocomplete)]
