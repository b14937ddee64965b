"""Publishes scheduled posts when their time comes (they are in the database, so restarts keep them): a job that
calls the scheduling service on a timer, beside the commands that call it on request."""

import logging
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.delivery.loops import Alert, every
from bot.delivery.worker import OutboxSignal
from bot.domain.voice import Voice
from bot.reports import Reporter
from bot.services.compose import Published
from bot.services.scheduling import SchedulingService
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)


def published_text(item: Published, voice: Voice) -> str:
    """The report of a scheduled post that went out."""
    return voice.plural(texts.REPORT_SCHEDULED_PUBLISHED, item.queued, id=item.post.id, title=item.post.title)


class Scheduler:
    """Checks every `interval` seconds for scheduled posts that are due."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: OutboxSignal,
        reporter: Reporter,
        zone: ZoneInfo,
        interval: float = 2.0,
        on_trouble: Alert | None = None,
    ) -> None:
        self.units, self.outbox, self.reporter = UnitsOfWork(sessions), outbox, reporter
        self.zone, self.interval, self.on_trouble = zone, interval, on_trouble

    async def run(self) -> None:
        """Publish due posts until cancelled."""
        await every(self.interval, self.tick, "scheduler", self.on_trouble)

    async def tick(self) -> list[Published]:
        """Publish what is due now, then tell the admin chats."""
        async with self.units() as uow:
            published = await SchedulingService(uow, self.outbox, self.zone).publish_due()
            await uow.commit()
        for item in published:
            log.info("published scheduled post %s", item.post.id)
            await self.reporter.render_each(partial(published_text, item))
        return published
