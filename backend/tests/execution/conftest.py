"""Execution tests: short limits, a uid range of their own, and each isolation on its own."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from pairpad.config import Settings
from pairpad.execution.probe import probe_once
from pairpad.execution.uids import claim_uid_block
from tests.execution.builders import TEST_EXECUTION_SETTINGS, Confined


@pytest.fixture
def execution_settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Test defaults, plus what a test asks for through `with_settings`."""
    return {**TEST_EXECUTION_SETTINGS, **getattr(request, "param", {})}


@pytest.fixture
def settings(settings: Settings, execution_settings: dict[str, Any]) -> Settings:
    return settings.model_copy(update=execution_settings)


@asynccontextmanager
async def confined_in(settings: Settings, isolation: str) -> AsyncIterator[Confined]:
    """`isolation` on this host with a uid of its own; one that does not work fails the test."""
    uid_block = claim_uid_block(settings.execution_uid_base, 1)
    assert uid_block is not None
    isolated = settings.model_copy(update={"execution_isolation": isolation})
    probe = await probe_once(isolated, uid_block.uids[0])
    assert probe.sandbox is not None, f"{isolation} does not work here: {probe.notes}"
    yield Confined(probe, uid_block.uids[0])
    if probe.sandbox.cgroups is not None:
        probe.sandbox.cgroups.remove(uid_block.uids[0])
    uid_block.release()


@pytest.fixture(params=["bubblewrap", "landlock"])
async def confined(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[Confined]:
    """Each isolation that must work on these machines; one that does not fails the test."""
    async with confined_in(settings, request.param) as sandbox:
        yield sandbox


@pytest.fixture
async def landlock(settings: Settings) -> AsyncIterator[Confined]:
    async with confined_in(settings, "landlock") as sandbox:
        yield sandbox


@pytest.fixture
async def bubblewrap(settings: Settings) -> AsyncIterator[Confined]:
    """bubblewrap alone: compiled languages need its writable home (Landlock allows no writes)."""
    async with confined_in(settings, "bubblewrap") as sandbox:
        yield sandbox
