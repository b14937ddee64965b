"""Builds Herald in one place: settings, database, clients, dispatcher and the outbox worker."""

import asyncio
import logging
import signal
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outcomes import RetryPolicy
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.progress import ProgressReporter
from bot.delivery.scheduler import Scheduler
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Platform
from bot.domain.render import RenderStyle
from bot.media import PhotoFetcher
from bot.messenger import Messenger
from bot.replies import EVERYONE_COMMANDS
from bot.reports import Reporter, admin_addresses
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from handlers import build_router
from handlers.middlewares import AlbumMiddleware, UnitOfWorkMiddleware
from storage.engine import create_engine, create_sessionmaker

if TYPE_CHECKING:
    from bot.matrix.setup import MatrixParts

log = logging.getLogger(__name__)

MATRIX_ROOM_LIMITS = ChatLimits(private_interval=0.0, shared_interval=0.0)  # homeservers limit the account, not rooms


def create_bot(settings: Settings) -> Bot:
    """An aiogram Bot for the configured Bot API server, sending HTML without link previews."""
    assert settings.telegram_bot_token is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/")))
    defaults = DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)
    return Bot(settings.telegram_bot_token.get_secret_value(), session=session, default=defaults)


async def telegram_style(bot: Bot) -> RenderStyle:
    """Deep links to the bot when it has a username, else `/read ID`."""
    me = await bot.me()
    return RenderStyle(deep_link_base=f"https://t.me/{me.username}?start=" if me.username else None)


def build_dispatcher(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    outbox: OutboxSignal,
    messenger: TelegramMessenger,
    reporter: Reporter,
) -> Dispatcher:
    """The dispatcher with its middlewares, routers and long-lived objects (injected by parameter name)."""
    dispatcher = Dispatcher(settings=settings, messenger=messenger, reporter=reporter)
    dispatcher.update.outer_middleware(UnitOfWorkMiddleware(sessions, outbox, settings))
    dispatcher.message.outer_middleware(AlbumMiddleware())
    dispatcher.include_router(build_router())
    return dispatcher


def stop_on_signals(task: "asyncio.Task[None] | None") -> None:
    """SIGTERM and SIGINT cancel the main task, so that polling stops and everything closes in order."""
    if task is None:
        return
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, task.cancel)


async def start_telegram(settings: Settings, stack: AsyncExitStack, photos: PhotoFetcher) -> TelegramMessenger:
    """The Bot API client, checked with getMe, and its messenger."""
    bot = create_bot(settings)
    stack.push_async_callback(bot.session.close)
    messenger = TelegramMessenger(bot, await telegram_style(bot), settings.telegram_paid_broadcast, photos)
    await bot.set_my_commands([BotCommand(command=c.split()[0], description=d) for c, d in EVERYONE_COMMANDS])
    log.info("Herald is running on Telegram as @%s", (await bot.me()).username)
    return messenger


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
    outbox = OutboxSignal()
    photos = PhotoFetcher()
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        messengers: dict[Platform, Messenger] = {}
        pacers: dict[Platform, Pacer] = {}
        telegram = matrix = None
        if settings.telegram_enabled:
            telegram = await start_telegram(settings, stack, photos)
            messengers[Platform.TELEGRAM] = telegram
            pacers[Platform.TELEGRAM] = Pacer(settings.telegram_send_rate)
        if settings.matrix_enabled:
            matrix = await start_matrix(settings, stack, photos)
            messengers[Platform.MATRIX] = matrix.messenger
            pacers[Platform.MATRIX] = Pacer(settings.matrix_rate, MATRIX_ROOM_LIMITS)
        photos.serve(messengers)
        reporter = Reporter(messengers, admin_addresses(settings))
        config = WorkerConfig(retry=RetryPolicy(max_attempts=settings.delivery_attempts))
        worker = OutboxWorker(sessions, messengers, outbox, pacers, config)
        stop_on_signals(asyncio.current_task())
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(worker.run(), name="outbox-worker")
            tasks.create_task(ProgressReporter(sessions, messengers, reporter).run(), name="broadcast-progress")
            tasks.create_task(
                Scheduler(sessions, outbox, reporter, ZoneInfo(settings.timezone)).run(), name="scheduler"
            )
            if telegram is not None:
                dispatcher = build_dispatcher(settings, sessions, outbox, telegram, reporter)
                tasks.create_task(dispatcher.start_polling(telegram.bot, handle_signals=False), name="telegram")
            if matrix is not None:
                from bot.matrix.setup import build_sync

                sync = build_sync(matrix, sessions, outbox, settings, reporter)
                tasks.create_task(sync.run(), name="matrix-sync")
