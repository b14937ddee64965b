"""Every service of one unit of work, over one session."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.worker import OutboxSignal
from bot.services.admin import AliasService, StatsService
from bot.services.channels import ChannelService
from bot.services.compose import ComposeService
from bot.services.editing import EditingService
from bot.services.reading import ReadingService
from bot.services.scheduling import SchedulingService
from bot.services.subscriptions import SubscriptionService
from storage.repos import Repos

UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True)
class Services:
    """The services a handler may call; the owner of the session commits it."""

    compose: ComposeService
    reading: ReadingService
    subscriptions: SubscriptionService
    channels: ChannelService
    aliases: AliasService
    stats: StatsService
    editing: EditingService
    scheduling: SchedulingService

    @classmethod
    def over(
        cls, session: AsyncSession, outbox: OutboxSignal, today: Callable[[], date], zone: ZoneInfo = UTC_ZONE
    ) -> "Services":
        repos = Repos.over(session)
        return cls(
            compose=ComposeService(repos, outbox, today),
            reading=ReadingService(repos),
            subscriptions=SubscriptionService(repos),
            channels=ChannelService(repos),
            aliases=AliasService(repos),
            stats=StatsService(repos),
            editing=EditingService(repos, outbox),
            scheduling=SchedulingService(repos, outbox, zone),
        )
