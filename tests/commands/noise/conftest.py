"""Fixtures of the noise-and-exposure tests, beside the command tests' own (tests/commands/conftest.py)."""

from collections.abc import AsyncIterator

import pytest

from bot.domain.models import Platform
from tests.commands_harness import Harness, Sessions, harness_on


@pytest.fixture(params=list(Platform), ids=str)
async def newsroom(request: pytest.FixtureRequest, sessions: Sessions) -> AsyncIterator[Harness]:
    """Herald whose group (shared room) is one of the ADMIN_CHATS."""
    async with harness_on(request.param, sessions, admin_group=True) as harness:
        yield harness
