"""/subscribe, /unsubscribe and /subscriptions: for a private chat, or for a group by its admins."""

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.replies import filter_text
from bot.services.registry import Services
from handlers.context import address_of, kind_of, title_of, words

router = Router(name=__name__)

CHAT_ADMIN_STATUSES = {"creator", "administrator"}


async def may_change(message: Message, bot: Bot) -> bool:
    """In a group only its admins (or an anonymous admin posting as the group) change what it receives."""
    if message.chat.type == "private":
        return True
    if message.sender_chat is not None:
        return message.sender_chat.id == message.chat.id
    if message.from_user is None:
        return False
    member = await bot.get_chat_member(message.chat.id, message.from_user.id)
    return member.status in CHAT_ADMIN_STATUSES


async def refuse_non_admin(message: Message, bot: Bot) -> bool:
    """Answer a group member who is no group admin; True when refused."""
    if await may_change(message, bot):
        return False
    await message.answer("Only this group's admins can change what the group receives.")
    return True


@router.message(Command("subscribe"))
async def subscribe(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
    """Receive new posts of the named regions (or all) in this chat."""
    if await refuse_non_admin(message, bot):
        return
    chat = message.chat
    current = await services.subscriptions.subscribe(address_of(message), kind_of(chat), title_of(chat), words(command))
    await message.answer(filter_text(current, "/"))


@router.message(Command("unsubscribe"))
async def unsubscribe(message: Message, command: CommandObject, services: Services, bot: Bot) -> None:
    """Stop receiving the named regions (or all) in this chat."""
    if await refuse_non_admin(message, bot):
        return
    current = await services.subscriptions.unsubscribe(address_of(message), words(command))
    await message.answer(filter_text(current, "/"))


@router.message(Command("subscriptions"))
async def subscriptions(message: Message, services: Services) -> None:
    """What this chat receives."""
    await message.answer(filter_text(await services.subscriptions.current(address_of(message)), "/"))
