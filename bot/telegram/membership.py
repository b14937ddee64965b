"""The bot added to or removed from a chat: the admin chats are told, and a removed target stops receiving."""

from aiogram import Router
from aiogram.types import Chat, ChatMemberUpdated

from bot import texts
from bot.domain.models import Address, Platform
from bot.domain.reasons import Reason, code
from bot.domain.text import Html
from bot.domain.voice import Voice
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
        chat, kind = update.chat, texts.CHAT_TYPES.get(update.chat.type, update.chat.type)
        if now in PRESENT and was not in PRESENT:
            await self._report(chat, texts.REPORT_ADDED, kind=kind, status=texts.MEMBER_STATUSES.get(now, now))
        elif now == "administrator" and was != "administrator":
            await self._report(chat, texts.REPORT_PROMOTED)
        elif now not in PRESENT and was in PRESENT:
            known = await self._deactivate(str(chat.id), code(Reason.REMOVED_FROM_CHAT, now))
            await self._report(
                chat, texts.REPORT_REMOVED, kind=kind, note=texts.REPORT_NO_LONGER_RECEIVES if known else ""
            )

    async def _report(self, chat: Chat, template: str, **values: object) -> None:
        """A report naming the chat (its title and id), in each admin chat's language."""

        def said(voice: Voice) -> str:
            name = Html(voice.fill(texts.CHAT_NAME, title=title_of(chat), chat_id=chat.id))
            return voice.fill(template, name=name, chat_id=chat.id, **values)

        await self.reporter.render_each(said)

    async def _deactivate(self, chat_id: str, reason: str) -> int:
        async with self.units() as uow:
            known = await SubscriptionService(uow.repos).deactivate(Address(Platform.TELEGRAM, chat_id), reason)
            await uow.commit()
        return known
