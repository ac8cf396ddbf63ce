"""Autocomplete tests: a time budget no machine misses, unless a test asks for other settings."""

from typing import Any

import pytest

from pairpad.config import Settings


@pytest.fixture
def autocomplete_settings() -> dict[str, Any]:
    """Long enough for a cold jedi worker, so answers never depend on the machine's speed."""
    return {"autocomplete_budget_ms": 60_000}


@pytest.fixture
def settings(settings: Settings, autocomplete_settings: dict[str, Any]) -> Settings:
    return settings.model_copy(update=autocomplete_settings)
