"""Scheduling drafts to be published later, in the configured time zone."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import PostStatus
from bot.services.common import Actor
from bot.services.compose import Published, publish_now
from bot.services.ports import OutboxWaker
from bot.services.transitions import UNSENT, refusal
from storage.base import utcnow
from storage.models import Post
from storage.uow import UnitOfWork

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Scheduled:
    """A post queued for later, with its local time."""

    post_id: int
    title: str
    region: str
    at: datetime  # in the configured zone


class SchedulingService:
    """Queues drafts for a time, lists them, and publishes those that are due."""

    def __init__(self, uow: UnitOfWork, outbox: OutboxWaker, zone: ZoneInfo) -> None:
        self.uow, self.repos, self.outbox, self.zone = uow, uow.repos, outbox, zone

    async def schedule(self, actor: Actor, post_id: int, day: str, time: str) -> Scheduled:
        """Publish draft post_id at day and time (local to the configured zone)."""
        local = self._parse(day, time)
        if local.astimezone(UTC).replace(tzinfo=None) <= utcnow():
            raise UserError(texts.ALREADY_PASSED, day=day, time=time, zone=self.zone.key)
        at = local.astimezone(UTC).replace(tzinfo=None)
        post = await self.repos.posts.move(post_id, PostStatus.SCHEDULED, UNSENT, scheduled_at=at)
        if post is None:
            raise refusal(post_id, await self.repos.posts.status(post_id), texts.NOTHING_TO_SCHEDULE)
        return Scheduled(post.id, post.title, post.region.name, local)

    async def queued(self) -> list[Scheduled]:
        """Every scheduled post, earliest first."""
        return [
            Scheduled(post.id, post.title, post.region.name, self._local(post.scheduled_at))
            for post in await self.repos.posts.scheduled()
            if post.scheduled_at is not None
        ]

    async def publish_due(self) -> list[Published]:
        """Publish every scheduled post whose time has come; one cancelled or moved meanwhile is left alone."""
        now, published = utcnow(), []
        for post in await self.repos.posts.due(now):
            due = Post.scheduled_at <= now  # a post rescheduled meanwhile waits for its new time
            if item := await publish_now(self.uow, self.outbox, post.id, {PostStatus.SCHEDULED}, due):
                published.append(item)
        return published

    def _parse(self, day: str, time: str) -> datetime:
        match = _TIME.match(time)
        try:
            parsed = datetime.strptime(day, "%Y-%m-%d")
        except ValueError:
            raise UserError(texts.SCHEDULE_NOT_A_DATE, day=day) from None
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise UserError(texts.SCHEDULE_NOT_A_TIME, time=time)
        return parsed.replace(hour=int(match[1]), minute=int(match[2]), tzinfo=self.zone)

    def _local(self, stored: datetime) -> datetime:
        return stored.replace(tzinfo=UTC).astimezone(self.zone)
