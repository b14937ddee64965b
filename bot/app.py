"""Builds Herald in one place: settings, database, clients, the commands, the bindings and the outbox worker."""

import asyncio
import logging
import signal
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.catalogues import Catalogues
from bot.commands.responder import Responder
from bot.commands.runner import CommandRunner
from bot.delivery.outcomes import RetryPolicy
from bot.delivery.paced import ChatQueues, PacedMessenger
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.progress import ProgressReporter
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Address, Platform, TargetKind
from bot.media import PhotoFetcher
from bot.messenger import Messenger
from bot.reports import Reporter, admin_addresses
from bot.scheduler import Scheduler
from bot.settings import Settings
from handlers import build_catalogue
from storage.engine import create_engine, create_sessionmaker
from storage.uow import UnitsOfWork

if TYPE_CHECKING:
    from bot.matrix.setup import MatrixParts
    from bot.telegram.setup import TelegramParts

log = logging.getLogger(__name__)

DRAIN_SECONDS = 10.0  # at a stop, how long queued replies may still take before they are given up

MATRIX_ROOM_LIMITS = ChatLimits(private_interval=0.0, shared_interval=0.0)  # homeservers limit the account, not rooms


def telegram_kind(address: Address) -> TargetKind:
    """Private chats have positive ids; groups and channels negative ones (both are paced as shared chats)."""
    return TargetKind.GROUP if address.chat_id.startswith("-") else TargetKind.PRIVATE


def matrix_kind(_address: Address) -> TargetKind:
    return TargetKind.ROOM


@dataclass
class Platforms:
    """Each configured platform's messenger (for the outbox worker, which paces itself), its pacer, and the
    paced messenger that every other call goes through: one budget per platform."""

    raw: dict[Platform, Messenger] = field(default_factory=dict)
    pacers: dict[Platform, Pacer] = field(default_factory=dict)
    paced: dict[Platform, PacedMessenger] = field(default_factory=dict)

    def add(self, messenger: Messenger, pacer: Pacer, kind_of: Callable[[Address], TargetKind]) -> PacedMessenger:
        platform = messenger.platform
        self.raw[platform], self.pacers[platform] = messenger, pacer
        self.paced[platform] = PacedMessenger(messenger, pacer, kind_of)
        return self.paced[platform]


def stop_on_signals(task: "asyncio.Task[None] | None") -> None:
    """SIGTERM and SIGINT cancel the main task, so that polling stops and everything closes in order."""
    if task is None:
        return
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, task.cancel)


async def start_telegram(settings: Settings, stack: AsyncExitStack, photos: PhotoFetcher) -> "TelegramParts":
    """The Bot API client, checked with getMe. aiogram is imported only when Telegram is configured."""
    from bot.telegram.setup import connect

    telegram = await connect(settings, photos)
    stack.push_async_callback(telegram.bot.session.close)
    return telegram


async def start_matrix(settings: Settings, stack: AsyncExitStack, photos: PhotoFetcher) -> "MatrixParts":
    """The Matrix client, checked with whoami. mautrix is imported only when Matrix is configured."""
    from bot.matrix.setup import connect

    matrix = await connect(settings, photos)
    stack.push_async_callback(matrix.client.api.session.close)
    return matrix


async def run(settings: Settings) -> None:
    """Run Herald on every configured platform until cancelled, closing everything it opened."""
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    units, outbox, photos, lanes = UnitsOfWork(sessions), OutboxSignal(), PhotoFetcher(), ChatQueues()
    zone, catalogues = ZoneInfo(settings.timezone), Catalogues.load()  # every language's catalogue, read once
    runner = CommandRunner(build_catalogue(), units, outbox, zone, catalogues=catalogues)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        stack.push_async_callback(lanes.close)
        platforms = Platforms()
        telegram = matrix = None
        if settings.telegram_enabled:
            telegram = await start_telegram(settings, stack, photos)
            platforms.add(telegram.messenger, Pacer(settings.telegram_send_rate), telegram_kind)
        if settings.matrix_enabled:
            matrix = await start_matrix(settings, stack, photos)
            platforms.add(matrix.messenger, Pacer(settings.matrix_rate, MATRIX_ROOM_LIMITS), matrix_kind)
        stack.push_async_callback(lanes.drain, DRAIN_SECONDS)  # first on the way out: answers of committed commands
        photos.serve(platforms.raw)
        reporter = Reporter(platforms.paced, admin_addresses(settings), catalogues, units)
        alert = reporter.render_each
        config = WorkerConfig(retry=RetryPolicy(max_attempts=settings.delivery_attempts))
        worker = OutboxWorker(
            sessions, platforms.raw, outbox, platforms.pacers, config, on_trouble=alert, catalogues=catalogues
        )
        stop_on_signals(asyncio.current_task())
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(worker.run(), name="outbox-worker")
            progress = ProgressReporter(sessions, platforms.paced, reporter, on_trouble=alert, catalogues=catalogues)
            tasks.create_task(progress.run(), name="broadcast-progress")
            scheduler = Scheduler(sessions, outbox, reporter, zone, on_trouble=alert)
            tasks.create_task(scheduler.run(), name="scheduler")
            if telegram is not None:
                from bot.telegram.setup import Binding, polling

                binding = Binding(runner, platforms.paced[Platform.TELEGRAM], lanes, units, reporter)
                tasks.create_task(polling(telegram, binding), name="telegram")
            if matrix is not None:
                from bot.matrix.setup import build_sync

                responder = Responder(platforms.paced[Platform.MATRIX], lanes, units)
                sync = build_sync(matrix, sessions, runner, responder, settings, reporter)
                tasks.create_task(sync.run(), name="matrix-sync")
