"""Admins register channels, groups and forum topics: /addchannel, /removechannel, /channels."""

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import ChatFullInfo, Message

from bot.domain.errors import UserError
from bot.domain.models import Address, Platform
from bot.replies import channel_line, channels_text
from bot.services.registry import Services
from handlers.context import IsAdmin, kind_of, title_of, words

router = Router(name=__name__)
router.message.filter(IsAdmin())

USAGE = "Usage: /addchannel TARGET [REGION …|all], where TARGET is -100123, @name or -100123:7 for a topic."


def parse_target(text: str) -> tuple[str | int, int | None]:
    """`@name`, `-100123` or `-100123:7` (a forum topic) as a chat and an optional topic id."""
    chat, _, topic = text.partition(":")
    if topic and not topic.isdigit():
        raise UserError(f"“{text}” has a topic id that is not a number. {USAGE}")
    if chat.startswith("@") and len(chat) > 1:
        return chat, int(topic) if topic else None
    if chat.lstrip("-").isdigit():
        return int(chat), int(topic) if topic else None
    raise UserError(f"“{text}” is not a chat. {USAGE}")


async def check_can_post(bot: Bot, chat: str | int) -> ChatFullInfo:
    """The chat, once the bot has made sure it can post there; a UserError saying why not otherwise."""
    try:
        info = await bot.get_chat(chat)
        me = await bot.get_chat_member(info.id, bot.id)
    except TelegramAPIError:
        raise UserError(f"I can't find the chat {chat}. Add me to it first, then try again.") from None
    if info.type == "channel":
        allowed = me.status == "creator" or (
            me.status == "administrator" and bool(getattr(me, "can_post_messages", False))
        )
    else:
        allowed = me.status in {"creator", "administrator", "member"} or (
            me.status == "restricted" and bool(getattr(me, "can_send_messages", False))
        )
    if not allowed:
        need = (
            "an admin with the right to post messages" if info.type == "channel" else "a member who can send messages"
        )
        raise UserError(f"I can't post in {title_of(info)}: make me {need} there, then try again.")
    return info


@router.message(Command("addchannel"))
async def add_channel(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
    """Register a channel, group or topic after checking that the bot can post there."""
    args = words(command)
    if not args:
        raise UserError(USAGE)
    chat, topic = parse_target(args[0])
    info = await check_can_post(bot, chat)
    address = Address(Platform.TELEGRAM, str(info.id), topic)
    added = await services.channels.add(address, kind_of(info), title_of(info), args[1:])
    await message.answer("Registered: " + channel_line(added))


@router.message(Command("removechannel"))
async def remove_channel(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
    """Stop delivering to a registered channel."""
    args = words(command)
    if not args:
        raise UserError("Usage: /removechannel TARGET (see /channels).")
    chat, topic = parse_target(args[0])
    if isinstance(chat, str):
        chat = (await check_can_post_or_id(bot, chat)).id
    removed = await services.channels.remove(Address(Platform.TELEGRAM, str(chat), topic))
    await message.answer("Removed: " + channel_line(removed))


async def check_can_post_or_id(bot: Bot, username: str) -> ChatFullInfo:
    """Resolve an @name to its chat (removal needs no posting rights)."""
    try:
        return await bot.get_chat(username)
    except TelegramAPIError:
        raise UserError(f"I can't find {username}; use its numeric id from /channels.") from None


@router.message(Command("channels"))
async def channels(message: Message, services: Services) -> None:
    """The registered channels, groups and topics with their filters."""
    await message.answer(channels_text(await services.channels.list()))
