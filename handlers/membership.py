"""The bot added to or removed from a chat: the admin chats are told, and a removed target stops receiving."""

from aiogram import Router
from aiogram.types import ChatMemberUpdated

from bot.domain.models import Address, Platform
from bot.domain.text import escape
from bot.reports import Reporter
from bot.services.registry import Services
from handlers.context import title_of

router = Router(name=__name__)

PRESENT = {"creator", "administrator", "member", "restricted"}


@router.my_chat_member()
async def membership_changed(update: ChatMemberUpdated, services: Services, reporter: Reporter) -> None:
    """Tell the admins; when the bot lost a chat, mark its target inactive."""
    if update.chat.type == "private":
        return  # a user blocking the bot shows up at the next delivery
    was, now = update.old_chat_member.status, update.new_chat_member.status
    name = f"{escape(title_of(update.chat))} (<code>{update.chat.id}</code>)"
    if now in PRESENT and was not in PRESENT:
        await reporter.report(
            f"Herald was added to {update.chat.type} {name} as {now}. "
            f"Register it with /addchannel {update.chat.id} REGION…"
        )
    elif now == "administrator" and was != "administrator":
        await reporter.report(f"Herald is now an administrator of {name}.")
    elif now not in PRESENT and was in PRESENT:
        address = Address(Platform.TELEGRAM, str(update.chat.id))
        known = await services.subscriptions.deactivate(address, f"removed from the chat ({now})")
        note = " It no longer receives posts." if known else ""
        await reporter.report(f"Herald was removed from {update.chat.type} {name}.{note}")
