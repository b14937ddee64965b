"""Telegram's command menus, from the catalogue: each audience sees the commands it may use, described in the
language of the reader's app (English by default)."""

from collections.abc import Sequence

from aiogram import Bot
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from aiogram.types.bot_command_scope_union import BotCommandScopeUnion

from bot.catalogues import Catalogues
from bot.commands.model import Audience, Catalogue, Command
from bot.domain.models import Platform
from bot.domain.voice import ENGLISH, Voice
from bot.reports import platform_of
from bot.settings import Settings
from bot.telegram.startup import set_commands_or_warn

DESCRIPTION_LIMIT = 256


def menu(commands: Sequence[Command], voice: Voice) -> list[BotCommand]:
    """Commands with their help line in voice's language."""
    return [BotCommand(command=c.name, description=voice.text(c.help)[:DESCRIPTION_LIMIT]) for c in commands]


def menus(
    catalogue: Catalogue, settings: Settings, voice: Voice
) -> list[tuple[BotCommandScopeUnion, list[BotCommand]]]:
    """Everyone's commands by default; subscriptions too in private chats and for group administrators; every
    command in each admin's private chat and in the Telegram ADMIN_CHATS."""
    everyone = menu(catalogue.for_audience(Audience.EVERYONE), voice)
    subscribers = menu(catalogue.for_audience(Audience.EVERYONE, Audience.CHAT_ADMINS), voice)
    admins = menu(catalogue.listed(), voice)
    chats = [
        chat for chat in (*sorted(settings.admins), *settings.admin_chats) if platform_of(chat) == Platform.TELEGRAM
    ]
    return [
        (BotCommandScopeDefault(), everyone),
        (BotCommandScopeAllPrivateChats(), subscribers),
        (BotCommandScopeAllChatAdministrators(), subscribers),
        *((BotCommandScopeChat(chat_id=int(chat)), admins) for chat in dict.fromkeys(chats)),
    ]


async def set_menus(bot: Bot, catalogue: Catalogue, settings: Settings, catalogues: Catalogues | None = None) -> None:
    """Set every menu in English for apps of any language, then once per language Herald speaks for apps set to
    it; one Telegram refuses (an admin who never started the bot) is a warning, not a failure."""
    catalogues = catalogues or Catalogues()
    voice = catalogues.voice(Platform.TELEGRAM)
    for language in (None, *catalogues.languages):
        for scope, commands in menus(catalogue, settings, voice.into(language or ENGLISH)):
            await set_commands_or_warn(bot, commands, scope=scope, language_code=language)
