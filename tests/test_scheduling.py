"""Scheduling: refused when it makes no sense, published when due, and listed meanwhile."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.worker import OutboxSignal
from bot.domain.errors import UserError
from bot.memory_messenger import MemoryMessenger
from bot.reports import Reporter
from bot.scheduler import Scheduler
from storage.base import utcnow
from storage.models import Post
from tests.factories import ADMIN, subscribe, unit

Sessions = async_sessionmaker[AsyncSession]
LONDON = ZoneInfo("Europe/London")


async def test_schedule_list_and_publish_when_due(sessions: Sessions) -> None:
    await subscribe(sessions, "10", "UK")
    async with unit(sessions) as services:
        draft = await services.compose.create_draft(ADMIN, "UK: Bridge Reopens\nBody")
        services.scheduling.zone = LONDON
        item = await services.scheduling.schedule(ADMIN, draft.id, "2099-07-01", "09:30")
    assert f"{item.at:%H:%M %Z}" == "09:30 BST"
    async with unit(sessions) as services:
        services.scheduling.zone = LONDON
        assert [(q.post_id, f"{q.at:%Y-%m-%d %H:%M}") for q in await services.scheduling.queued()] == [
            (draft.id, "2099-07-01 09:30")
        ]
    messenger = MemoryMessenger()
    scheduler = Scheduler(sessions, OutboxSignal(), Reporter({messenger.platform: messenger}, []), LONDON)
    assert await scheduler.tick() == []  # not yet
    async with sessions() as session:  # time passes
        await session.execute(update(Post).values(scheduled_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    published = await scheduler.tick()
    assert [(p.post.id, p.queued) for p in published] == [(draft.id, 1)]
    assert await scheduler.tick() == []  # once


@pytest.mark.parametrize(
    ("day", "time", "message"),
    [("2020-01-01", "10:00", "has already passed"), ("2099-02-30", "10:00", "is not a date"),
     ("2099-01-01", "25:00", "is not a time")],
)  # fmt: skip
async def test_bad_schedules_are_refused(sessions: Sessions, day: str, time: str, message: str) -> None:
    async with unit(sessions) as services:
        draft = await services.compose.create_draft(ADMIN, "UK: Bridge\nBody")
    with pytest.raises(UserError, match=message):
        async with unit(sessions) as services:
            await services.scheduling.schedule(ADMIN, draft.id, day, time)
