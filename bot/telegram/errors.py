"""Translating aiogram's exceptions into the messenger Protocol's faults."""

from collections.abc import Awaitable
from typing import TypeVar

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.messenger import DeliveryError, Rejected, RetryAfter, TargetGone, TargetMoved, Transient

T = TypeVar("T")

_GONE = ("chat not found", "thread not found", "bot was kicked", "not a member", "need administrator rights")


def translate(error: TelegramAPIError) -> DeliveryError:
    """The Protocol fault for an aiogram exception (migrate is checked first: it is no BadRequest)."""
    reason = error.message
    if isinstance(error, TelegramRetryAfter):
        return RetryAfter(reason, float(error.retry_after))
    if isinstance(error, TelegramMigrateToChat):
        return TargetMoved(reason, str(error.migrate_to_chat_id))
    if isinstance(error, TelegramForbiddenError):
        return TargetGone(reason)
    if isinstance(error, TelegramBadRequest):
        gone = any(marker in reason.lower() for marker in _GONE)
        return TargetGone(reason) if gone else Rejected(reason)
    if isinstance(error, TelegramServerError | TelegramNetworkError):
        return Transient(reason)
    return Rejected(reason)


async def call(request: Awaitable[T]) -> T:
    """Await a Bot API request, raising the Protocol's faults instead of aiogram's."""
    try:
        return await request
    except TelegramAPIError as error:
        raise translate(error) from error
