"""A UserError becomes one clear reply; the unit of work was rolled back before it got here."""

import logging

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.domain.errors import UserError
from bot.domain.text import escape

router = Router(name=__name__)
log = logging.getLogger(__name__)


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


@router.error()
async def unexpected_error(event: ErrorEvent) -> None:
    """Anything else: logged with its traceback, and the sender told that nothing was saved."""
    log.error("error handling update %s", event.update.update_id, exc_info=event.exception)
    if event.update.message is not None:
        await event.update.message.answer("Something went wrong on my side and nothing was saved. Please try again.")
    elif event.update.callback_query is not None:
        await event.update.callback_query.answer("Something went wrong; nothing was saved.", show_alert=True)
