"""Telegram out: text replies carry their choices as inline buttons, and a button press is answered in place."""

import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.commands.model import Choice, Reply, Request, Say
from bot.commands.responder import Lanes, Responder
from bot.delivery.paced import PacedMessenger
from bot.domain.models import Address, Platform
from bot.domain.text import visible_text
from bot.messenger import DeliveryError
from bot.telegram.errors import call
from bot.telegram.messenger import NO_PREVIEW
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)

BUTTON_PREFIX = "cmd:"  # callback data: the command line a button runs, such as `cmd:publish 5`
CALLBACK_ANSWER_LIMIT = 200


def keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    """One row of buttons, each running its command when pressed."""
    if not choices:
        return None
    buttons = [InlineKeyboardButton(text=c.label, callback_data=BUTTON_PREFIX + c.command) for c in choices]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


class TelegramResponder(Responder):
    """Replies through the paced messenger; buttons and callback answers use the same budget."""

    def __init__(self, paced: PacedMessenger, bot: Bot, lanes: Lanes, units: UnitsOfWork) -> None:
        super().__init__(paced, lanes, units)
        self.paced, self.bot = paced, bot

    async def send_text(self, chat: Address, reply: Say) -> str:
        """A text reply with its buttons; its message id."""
        if not reply.choices:
            return await super().send_text(chat, reply)
        markup = keyboard(reply.choices)
        message = await self.paced.call(
            chat,
            lambda: call(
                self.bot.send_message(
                    int(chat.chat_id), reply.html, parse_mode=ParseMode.HTML, message_thread_id=chat.thread_id,
                    link_preview_options=NO_PREVIEW, reply_markup=markup,
                )
            ),
        )  # fmt: skip
        return str(message.message_id)

    def answer_button(self, query: CallbackQuery, request: Request, replies: Sequence[Reply]) -> None:
        """A pressed button: its message shows the outcome (buttons gone), and a toast tells it too."""
        self.lanes.submit(str(request.chat), lambda: self._answer_button(query, request, replies))

    async def _answer_button(self, query: CallbackQuery, request: Request, replies: Sequence[Reply]) -> None:
        first, rest = (replies[0], replies[1:]) if replies else (None, ())
        try:
            if isinstance(first, Say):
                await self._settle(query, first)
            else:
                await self.toast(query, "", alert=False)
                rest = replies
        except DeliveryError as error:
            log.warning("could not answer a button in %s: %s", request.chat, error.reason)
        await self.deliver(request, rest)

    async def _settle(self, query: CallbackQuery, reply: Say) -> None:
        """Edit the message of the button unless the press was refused; then answer the press."""
        if not reply.error and isinstance(query.message, Message):
            message = query.message
            chat = Address(Platform.TELEGRAM, str(message.chat.id))
            await self.paced.call(
                chat, lambda: call(message.edit_text(reply.html, reply_markup=None, link_preview_options=NO_PREVIEW))
            )
            if reply.track is not None:
                await self.track(reply.track, chat, str(message.message_id))
        await self.toast(query, visible_text(reply.html), alert=reply.error)

    async def toast(self, query: CallbackQuery, text: str, alert: bool) -> None:
        """Answer a button press (Telegram shows a spinner until it is answered)."""
        await self.paced.call(None, lambda: call(query.answer(text[:CALLBACK_ANSWER_LIMIT], show_alert=alert)))
