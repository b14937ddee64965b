"""Start-up calls to the Bot API that a passing fault must not turn into a crash."""

import asyncio
import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.types import BotCommand, BotCommandScopeUnion, User

log = logging.getLogger(__name__)

START_BUDGET_SECONDS = 60.0  # a Bot API restart or a network blip at boot; longer is an outage to report
FIRST_PAUSE_SECONDS = 1.0


async def get_me_with_retry(
    bot: Bot, *, budget: float = START_BUDGET_SECONDS, first_pause: float = FIRST_PAUSE_SECONDS
) -> User:
    """getMe (cached by aiogram for later `bot.me()`), retried with exponential backoff on a 5xx, a timeout, a
    lost connection or a 429 for up to `budget` seconds; a refused token and the last fault past it are raised."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    attempt = 0
    while True:
        try:
            return await bot.me()
        except (TelegramServerError, TelegramNetworkError, TelegramRetryAfter) as error:
            pause = _pause(error, attempt, first_pause)
            if loop.time() + pause > deadline:
                raise
            log.warning("the Bot API did not answer getMe (%s); trying again in %.3g s", error, pause)
        attempt += 1
        await asyncio.sleep(pause)


def _pause(error: TelegramAPIError, attempt: int, first_pause: float) -> float:
    """Telegram's own retry_after, else the first pause doubled with each attempt."""
    if isinstance(error, TelegramRetryAfter):
        return float(error.retry_after)
    return first_pause * 2.0**attempt


async def set_commands_or_warn(
    bot: Bot,
    commands: Sequence[BotCommand],
    scope: BotCommandScopeUnion | None = None,
    language_code: str | None = None,
) -> bool:
    """setMyCommands; a failure is a warning (the menu is a convenience, every command works without it).
    Whether the menu was set."""
    try:
        await bot.set_my_commands(list(commands), scope=scope, language_code=language_code)
    except TelegramAPIError as error:
        where = (f" for {scope.type.value}" if scope is not None else "") + (
            f" in {language_code}" if language_code else ""
        )
        log.warning("could not set the command menu%s: %s; commands work without it", where, error)
        return False
    return True
