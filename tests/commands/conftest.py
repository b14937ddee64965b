"""Fixtures of the in-process command tests: a harness per platform (tests/commands_harness.py) over a copy of one
migrated database, so that each test starts from the same state in milliseconds."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.models import Platform
from storage.migrate import upgrade
from tests.commands_harness import Harness, Sessions, TelegramHarness, copied_database, harness_on


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database for the module; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "herald.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
async def sessions(template: Path, tmp_path: Path) -> AsyncIterator[Sessions]:
    async with copied_database(template, tmp_path) as sessions:
        yield sessions


@pytest.fixture(params=list(Platform), ids=str)
async def herald(request: pytest.FixtureRequest, sessions: Sessions) -> AsyncIterator[Harness]:
    """Herald on each platform, with a group (shared room) that is no admin chat."""
    async with harness_on(request.param, sessions) as harness:
        yield harness


@pytest.fixture
async def telegram(sessions: Sessions) -> AsyncIterator[TelegramHarness]:
    async with harness_on(Platform.TELEGRAM, sessions) as harness:
        assert isinstance(harness, TelegramHarness)
        yield harness
