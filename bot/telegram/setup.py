"""Connecting Herald to the Bot API: the client, the messenger, the command menus and the polling loop."""

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.commands.responder import Lanes
from bot.commands.runner import CommandRunner
from bot.delivery.paced import PacedMessenger
from bot.domain.render import RenderStyle
from bot.media import PhotoFetcher
from bot.reports import Reporter
from bot.settings import Settings
from bot.telegram.inbound import TelegramInbound
from bot.telegram.lanes import InboxMiddleware
from bot.telegram.membership import Membership
from bot.telegram.menus import set_menus
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.outbound import TelegramResponder
from bot.telegram.polling import poll
from bot.telegram.startup import get_me_with_retry
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TelegramParts:
    bot: Bot
    messenger: TelegramMessenger
    settings: Settings


def create_bot(settings: Settings) -> Bot:
    """An aiogram Bot for the configured Bot API server, sending HTML without link previews."""
    assert settings.telegram_bot_token is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/")))
    defaults = DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)
    return Bot(settings.telegram_bot_token.get_secret_value(), session=session, default=defaults)


async def connect(settings: Settings, photos: PhotoFetcher) -> TelegramParts:
    """The bot checked with getMe; deep links to it when it has a username, else `/read ID`."""
    bot = create_bot(settings)
    try:
        me = await get_me_with_retry(bot, budget=settings.telegram_start_seconds)
    except BaseException:
        await bot.session.close()
        raise
    style = RenderStyle(deep_link_base=f"https://t.me/{me.username}?start=" if me.username else None)
    messenger = TelegramMessenger(bot, style, settings.telegram_paid_broadcast, photos)
    log.info("Herald is running on Telegram as @%s", me.username)
    return TelegramParts(bot, messenger, settings)


@dataclass(frozen=True)
class Binding:
    """What the Telegram binding is built from: the shared runner, the paced messenger and the reply lanes."""

    runner: CommandRunner
    paced: PacedMessenger
    lanes: Lanes
    units: UnitsOfWork
    reporter: Reporter


def build_dispatcher(parts: TelegramParts, binding: Binding) -> Dispatcher:
    """The dispatcher: updates of a chat in arrival order, albums gathered, then the binding's routers."""
    paid = parts.settings.telegram_paid_broadcast
    responder = TelegramResponder(binding.paced, parts.bot, binding.lanes, binding.units, paid)
    inbound = TelegramInbound(parts.bot, binding.runner, responder, parts.settings)
    dispatcher = Dispatcher()
    inbox = InboxMiddleware()
    dispatcher.message.outer_middleware(inbox)
    dispatcher.callback_query.outer_middleware(inbox)
    dispatcher.include_routers(Membership(binding.units, binding.reporter).router(), inbound.router())
    return dispatcher


async def polling(parts: TelegramParts, binding: Binding) -> None:
    """Set the command menus, then handle updates until cancelled."""
    await set_menus(parts.bot, binding.runner.catalogue, parts.settings, binding.runner.catalogues)
    await poll(build_dispatcher(parts, binding), parts.bot)
