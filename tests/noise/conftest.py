"""Fixtures of the noise-and-exposure tests: Herald's commands in-process on both platforms (see
tests/commands_harness.py), over a copy of one migrated database."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.domain.models import Platform
from storage.migrate import upgrade
from tests.commands_harness import Harness, Sessions, copied_database, harness_on

PLATFORMS = [Platform.TELEGRAM, Platform.MATRIX]
STORM = "post UK: Storm Warning (17.1.2026)\nRain all week."  # draft #2: post #1 is published already


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "herald.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
async def sessions(template: Path, tmp_path: Path) -> AsyncIterator[Sessions]:
    async with copied_database(template, tmp_path) as sessions:
        yield sessions


@pytest.fixture(params=PLATFORMS, ids=str)
async def herald(request: pytest.FixtureRequest, sessions: Sessions) -> AsyncIterator[Harness]:
    """Herald with a group (shared room) that is no admin chat."""
    async with harness_on(request.param, sessions) as harness:
        yield harness


@pytest.fixture(params=PLATFORMS, ids=str)
async def newsroom(request: pytest.FixtureRequest, sessions: Sessions) -> AsyncIterator[Harness]:
    """Herald whose group (shared room) is one of the ADMIN_CHATS."""
    async with harness_on(request.param, sessions, admin_group=True) as harness:
        yield harness


def admins_only(harness: Harness) -> str:
    return texts.ADMINS_ONLY_MATRIX if harness.platform == Platform.MATRIX else texts.ADMINS_ONLY
