"""A UserError becomes one clear reply; the unit of work was rolled back before it got here."""

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.domain.errors import UserError
from bot.domain.text import escape

router = Router(name=__name__)


@router.error(ExceptionTypeFilter(UserError))
async def user_error(event: ErrorEvent) -> None:
    """Answer the person whose input was refused."""
    assert isinstance(event.exception, UserError)
    text = escape(event.exception.message)
    update = event.update
    if update.message is not None:
        await update.message.answer(text)
    elif update.callback_query is not None:
        await update.callback_query.answer(event.exception.message[:200], show_alert=True)
