"""Telegram out: text replies carry their choices as inline buttons, and a button press is answered in place."""

import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.commands.model import Choice, Reply, Request, Say
from bot.commands.responder import Lanes, Responder
from bot.delivery.paced import PacedMessenger
from bot.domain.models import Address
from bot.domain.text import visible_text
from bot.messenger import DeliveryError
from bot.telegram.errors import call
from bot.telegram.messenger import NO_PREVIEW
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)

BUTTON_PREFIX = "cmd:"  # callback data: the command line a button runs, such as `cmd:publish 5`
CALLBACK_ANSWER_LIMIT = 200
NOT_MODIFIED = "message is not modified"  # Telegram's answer to an edit that would change nothing


def keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    """Rows of buttons (by each choice's row), each running its command when pressed."""
    if not choices:
        return None
    rows: dict[int, list[InlineKeyboardButton]] = {}
    for c in choices:
        rows.setdefault(c.row, []).append(InlineKeyboardButton(text=c.label, callback_data=BUTTON_PREFIX + c.command))
    return InlineKeyboardMarkup(inline_keyboard=list(rows.values()))


class TelegramResponder(Responder):
    """Replies through the paced messenger; buttons and callback answers use the same budget."""

    def __init__(self, paced: PacedMessenger, bot: Bot, lanes: Lanes, units: UnitsOfWork, paid: bool = False) -> None:
        super().__init__(paced, lanes, units)
        self.paced, self.bot = paced, bot
        self.paid = True if paid else None  # during a paid broadcast every send carries the flag, replies too

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
                    allow_paid_broadcast=self.paid,
                )
            ),
        )  # fmt: skip
        return str(message.message_id)

    def answer_stale(self, query: CallbackQuery, text: str) -> None:
        """A button Herald can't act on is still answered, so that its spinner stops."""
        self.lanes.submit(f"button-{query.from_user.id}", lambda: self.toast(query, text, alert=bool(text)))

    def answer_button(self, query: CallbackQuery, request: Request, replies: Sequence[Reply]) -> None:
        """A pressed button: a toast tells the outcome at once (the spinner stops, however many edits the chat
        still has queued), and its message shows the outcome in place (buttons gone or renewed)."""
        first = replies[0] if replies else None
        text, alert = _toast_of(first)
        self.lanes.submit(f"button-{query.from_user.id}", lambda: self._toast_or_log(query, text, alert))
        self.lanes.submit(str(request.chat), lambda: self._show_outcome(query, request, replies))

    async def _show_outcome(self, query: CallbackQuery, request: Request, replies: Sequence[Reply]) -> None:
        first = replies[0] if replies else None
        if not isinstance(first, Say):
            await self.deliver(request, replies)
            return
        if not first.error and isinstance(query.message, Message):
            await self._settle(query.message, request, first)
        await self.deliver(request, replies[1:])

    async def _settle(self, message: Message, request: Request, reply: Say) -> None:
        """The button's message shows the outcome in place of the buttons (or with the reply's own buttons); if it
        can't be edited (too old, gone), the outcome comes as a new message, so the action is never left
        unreported. An edit that changes nothing (a stale press whose outcome it shows already) is settled."""
        chat, markup = request.chat, keyboard(reply.choices)
        try:
            await self.paced.call(
                chat, lambda: call(message.edit_text(reply.html, reply_markup=markup, link_preview_options=NO_PREVIEW))
            )
        except DeliveryError as error:
            if NOT_MODIFIED in error.reason:
                return
            log.warning("could not edit a button's message in %s (%s); answering anew", chat, error.reason)
            await self.deliver(request, [reply])
            return
        message_id = str(message.message_id)
        if reply.track is not None:
            await self.track(reply.track, chat, message_id)

    async def _toast_or_log(self, query: CallbackQuery, text: str, alert: bool) -> None:
        try:
            await self.toast(query, text, alert)
        except DeliveryError as error:
            log.warning("could not answer a button press: %s", error.reason)

    async def toast(self, query: CallbackQuery, text: str, alert: bool) -> None:
        """Answer a button press (Telegram shows a spinner until it is answered)."""
        await self.paced.call(None, lambda: call(query.answer(text[:CALLBACK_ANSWER_LIMIT], show_alert=alert)))


def _toast_of(reply: Reply | None) -> tuple[str, bool]:
    """A pressed button's toast: the reply's own toast, else its text (an alert when it is an error)."""
    if not isinstance(reply, Say):
        return "", False
    return (visible_text(reply.html), reply.error) if reply.toast is None else (reply.toast, False)
