"""Autocomplete: pick the providers for the language, give the best one the time budget, and let
the cheap one answer when the best is late or fails."""

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pairpad.autocomplete.cursor import completion_context
from pairpad.autocomplete.providers.base import CompletionContext, CompletionProvider
from pairpad.autocomplete.providers.jedi_python import JediProvider
from pairpad.autocomplete.providers.keywords import KeywordProvider
from pairpad.autocomplete.providers.lexicons import (
    CPP,
    GO,
    JAVA,
    JAVASCRIPT,
    PLAINTEXT,
    PYTHON,
    TYPESCRIPT,
    C,
)
from pairpad.autocomplete.providers.model_server import ModelServer
from pairpad.autocomplete.schemas import (
    AutocompleteRequest,
    AutocompleteResponse,
    CompletionItem,
)
from pairpad.config import RoomLanguage, Settings

logger = logging.getLogger(__name__)

Warmth = Literal["cold", "warming", "ready"]
"""Cold: nothing prepared (warm-up is off), the first answers come late; warming: under way."""


@dataclass(frozen=True, slots=True)
class Providers:
    """For one language: the provider to ask first, and the cheap one that answers in time."""

    preferred: CompletionProvider
    fallback: CompletionProvider | None = None


@dataclass(frozen=True, slots=True)
class _Answer:
    provider: CompletionProvider
    items: list[CompletionItem]
    late: bool = False
    """The preferred provider ran out of time; asked again soon, it answers from its cache."""


class Autocomplete:
    """Completions at the cursor, answered within a time budget."""

    def __init__(
        self,
        providers: Mapping[RoomLanguage, Providers],
        budget_seconds: float,
        max_code_units: int,
        max_items: int,
        model: ModelServer | None = None,
    ) -> None:
        self._providers = providers
        self._model = model
        self._budget_seconds = budget_seconds
        self._max_code_units = max_code_units
        self._max_items = max_items
        self._warmth: Warmth = "cold"

    @classmethod
    def from_settings(cls, settings: Settings) -> "Autocomplete":
        providers: dict[RoomLanguage, Providers] = {
            "python": Providers(
                JediProvider(settings.autocomplete_workers), fallback=KeywordProvider(PYTHON)
            ),
            "javascript": Providers(KeywordProvider(JAVASCRIPT)),
            "typescript": Providers(KeywordProvider(TYPESCRIPT)),
            "c": Providers(KeywordProvider(C)),
            "cpp": Providers(KeywordProvider(CPP)),
            "java": Providers(KeywordProvider(JAVA)),
            "go": Providers(KeywordProvider(GO)),
            "plaintext": Providers(KeywordProvider(PLAINTEXT)),
        }
        return cls(
            providers,
            budget_seconds=settings.autocomplete_budget_ms / 1000,
            max_code_units=settings.autocomplete_max_code_chars,
            max_items=settings.autocomplete_max_items,
            model=ModelServer.from_settings(settings),
        )

    async def complete(self, request: AutocompleteRequest) -> AutocompleteResponse:
        context = completion_context(request.code, request.cursor_position, self._max_code_units)
        if self._model is not None:
            return await self._model.first(context, self._answer(request, context))
        return await self._answer(request, context)

    async def _answer(
        self, request: AutocompleteRequest, context: CompletionContext
    ) -> AutocompleteResponse:
        if not context.wants_completion:
            return AutocompleteResponse(suggestion="", items=[], provider="none")
        answer = await self._ask(self._providers[request.language], context)
        items = answer.items
        return AutocompleteResponse(
            suggestion=items[0].insert_text if items else "",
            items=items,
            provider=answer.provider.name,
            late=answer.late,
        )

    async def _ask(self, providers: Providers, context: CompletionContext) -> _Answer:
        preferred, fallback = providers.preferred, providers.fallback
        if fallback is None:
            return _Answer(preferred, await preferred.complete(context, self._max_items))
        # Worked out meanwhile, in milliseconds: ready whenever the budget runs out.
        cheap = asyncio.ensure_future(fallback.complete(context, self._max_items))
        try:
            async with asyncio.timeout(self._budget_seconds):
                items = await preferred.complete(context, self._max_items)
            if items:
                cheap.cancel()
                return _Answer(preferred, items)
            # Nothing known to the preferred one: the document's own words may still fit.
            cheap_items = await cheap
            return _Answer(fallback, cheap_items) if cheap_items else _Answer(preferred, [])
        except TimeoutError:
            logger.debug(
                "%s took over %.3fs; %s answers",
                preferred.name,
                self._budget_seconds,
                fallback.name,
            )
            # The preferred one goes on and keeps its answer for this place.
            return _Answer(fallback, await cheap, late=True)
        except Exception:
            logger.exception("%s failed; %s answers", preferred.name, fallback.name)
        return _Answer(fallback, await cheap)

    @property
    def warmth(self) -> Warmth:
        """Whether the slow providers are ready for the first person (`/ready` says it)."""
        return self._warmth

    async def warm_up(self) -> None:
        """Get the slow providers ready before the first person waits for them."""
        self._warmth = "warming"
        for providers in self._providers.values():
            await providers.preferred.warm_up()
        self._warmth = "ready"

    async def close(self) -> None:
        if self._model is not None:
            await self._model.close()
        for providers in self._providers.values():
            await providers.preferred.close()
            if providers.fallback is not None:
                await providers.fallback.close()
