"""The bot added to or removed from a chat: the admin chats are told, and a removed target stops receiving."""

from aiogram import Router
from aiogram.types import ChatMemberUpdated

from bot import texts
from bot.domain.models import Address, Platform
from bot.domain.text import Html, fill
from bot.reports import Reporter
from bot.services.subscriptions import SubscriptionService
from bot.telegram.chat import title_of
from storage.uow import UnitsOfWork

PRESENT = {"creator", "administrator", "member", "restricted"}


class Membership:
    """Handles `my_chat_member` updates."""

    def __init__(self, units: UnitsOfWork, reporter: Reporter) -> None:
        self.units, self.reporter = units, reporter

    def router(self) -> Router:
        router = Router(name=__name__)
        router.my_chat_member.register(self.changed)
        return router

    async def changed(self, update: ChatMemberUpdated) -> None:
        """Tell the admins; when the bot lost a chat, mark its target inactive."""
        if update.chat.type == "private":
            return  # a user blocking the bot shows up at the next delivery
        was, now = update.old_chat_member.status, update.new_chat_member.status
        name = Html(fill(texts.CHAT_NAME, "/", title=title_of(update.chat), chat_id=update.chat.id))
        kind = update.chat.type
        if now in PRESENT and was not in PRESENT:
            await self.reporter.announce(texts.REPORT_ADDED, kind=kind, name=name, status=now, chat_id=update.chat.id)
        elif now == "administrator" and was != "administrator":
            await self.reporter.announce(texts.REPORT_PROMOTED, name=name)
        elif now not in PRESENT and was in PRESENT:
            known = await self._deactivate(str(update.chat.id), f"removed from the chat ({now})")
            note = Html(texts.REPORT_NO_LONGER_RECEIVES if known else "")
            await self.reporter.announce(texts.REPORT_REMOVED, kind=kind, name=name, note=note)

    async def _deactivate(self, chat_id: str, reason: str) -> int:
        async with self.units() as uow:
            known = await SubscriptionService(uow.repos).deactivate(Address(Platform.TELEGRAM, chat_id), reason)
            await uow.commit()
        return known
