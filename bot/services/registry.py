"""Every service of one unit of work."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.services.admin import AliasService, StatsService
from bot.services.channels import ChannelService
from bot.services.compose import ComposeService
from bot.services.editing import EditingService
from bot.services.languages import LanguageService
from bot.services.picker import PickerService
from bot.services.ports import OutboxWaker
from bot.services.reading import ReadingService
from bot.services.scheduling import SchedulingService
from bot.services.subscriptions import SubscriptionService
from storage.uow import UnitOfWork

UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True)
class Services:
    """The services a command may call; the owner of the unit of work commits it."""

    compose: ComposeService
    reading: ReadingService
    subscriptions: SubscriptionService
    channels: ChannelService
    aliases: AliasService
    stats: StatsService
    editing: EditingService
    scheduling: SchedulingService
    picker: PickerService
    languages: LanguageService

    @classmethod
    def over(
        cls, uow: UnitOfWork, outbox: OutboxWaker, today: Callable[[], date], zone: ZoneInfo = UTC_ZONE
    ) -> "Services":
        repos = uow.repos
        languages, subscriptions = LanguageService(repos), SubscriptionService(repos)
        return cls(
            compose=ComposeService(uow, outbox, today),
            reading=ReadingService(repos),
            subscriptions=subscriptions,
            channels=ChannelService(repos, languages, subscriptions),
            aliases=AliasService(repos),
            stats=StatsService(repos),
            editing=EditingService(uow, outbox),
            scheduling=SchedulingService(uow, outbox, zone),
            picker=PickerService(repos),
            languages=languages,
        )
