"""Contradictory updates in one getUpdates batch, through the real dispatcher: one outcome, and true replies."""

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import Delivery, Post
from tests.commands_harness import (
    DRAIN_SECONDS,
    FIRST_POST,
    STORM,
    Sessions,
    TelegramHarness,
    Where,
    Who,
    copied_database,
    telegram_harness,
)
from tests.factories import publish
from tests.standin.server import BotApiStandIn

PUBLISHED, DISCARDED = "Published post #2. Delivering to 1 target.", "Draft #2 discarded."


@pytest.fixture
async def two_admins(template: Path, tmp_path: Path) -> AsyncIterator[TelegramHarness]:
    """Herald with two admins (ADMIN and OWNER), a UK reader, and draft #2 open in ADMIN's private chat."""
    async with copied_database(template, tmp_path) as sessions:
        await publish(sessions, FIRST_POST)
        standin = BotApiStandIn()
        await standin.start()
        try:
            async with telegram_harness(standin, sessions, admins=(Who.ADMIN, Who.OWNER)) as herald:
                await herald.send("subscribe UK", Who.READER)
                await herald.send(STORM)
                yield herald
        finally:
            await standin.stop()


async def state_of(sessions: Sessions, post_id: int) -> tuple[str, int]:
    """A post's status and how many deliveries it has."""
    async with sessions() as session:
        post = await session.get(Post, post_id)
        assert post is not None
        count = await session.scalar(select(func.count()).where(Delivery.post_id == post_id))
        return post.status, int(count or 0)


async def test_publish_and_cancel_from_two_admins_in_one_batch(two_admins: TelegramHarness) -> None:
    herald = two_admins
    publisher, canceller = herald.people[Who.ADMIN], herald.people[Who.OWNER]
    batch = [publisher.say("/publish 2"), canceller.say("/cancel 2")]
    await asyncio.gather(*(herald.feed(update) for update in batch))
    await herald.lanes.drain(DRAIN_SECONDS)
    published = herald.seen(Who.ADMIN, Where.PRIVATE)[-1]
    cancelled = herald.seen(Who.OWNER, Where.PRIVATE)[-1]
    if await state_of(herald.sessions, 2) == ("published", 1):
        assert (published, cancelled) == (PUBLISHED, "Draft #2 was already published.")
    else:
        assert await state_of(herald.sessions, 2) == ("discarded", 0)
        assert (published, cancelled) == ("Draft #2 was already discarded.", DISCARDED)


async def test_publish_and_cancel_buttons_pressed_together(two_admins: TelegramHarness) -> None:
    herald = two_admins
    admin = herald.people[Who.ADMIN]
    notice = herald.standin.world.in_chat(admin.id)[-1]
    with_buttons = copy.deepcopy(notice.message)
    batch = [admin.press(with_buttons, "cmd:publish 2"), admin.press(with_buttons, "cmd:cancel 2")]
    await asyncio.gather(*(herald.feed(update) for update in batch))
    await herald.lanes.drain(DRAIN_SECONDS)
    answers = {answer["text"] for answer in herald.standin.world.callback_answers[-2:]}
    if await state_of(herald.sessions, 2) == ("published", 1):
        assert notice.text == PUBLISHED and answers == {PUBLISHED, "Draft #2 was already published."}
    else:
        assert await state_of(herald.sessions, 2) == ("discarded", 0)
        assert notice.text == DISCARDED and answers == {DISCARDED, "Draft #2 was already discarded."}


async def test_publish_and_schedule_in_one_batch_leave_a_readable_published_post(two_admins: TelegramHarness) -> None:
    herald = two_admins
    batch = [herald.people[Who.ADMIN].say("/publish 2"), herald.people[Who.OWNER].say("/schedule 2 2030-01-01 10:00")]
    await asyncio.gather(*(herald.feed(update) for update in batch))
    await herald.lanes.drain(DRAIN_SECONDS)
    assert herald.seen(Who.ADMIN, Where.PRIVATE)[-1] == PUBLISHED  # publish runs from a draft or a scheduled post
    scheduled = herald.seen(Who.OWNER, Where.PRIVATE)[-1]
    assert scheduled == "Draft #2 was already published." or scheduled.startswith("Post #2 Storm Warning will be")
    assert await state_of(herald.sessions, 2) == ("published", 1)
    read = await herald.send("read 2", Who.READER)
    assert "Storm Warning" in read[0]
