"""Start-up calls to the Bot API under passing faults: getMe is retried, a failed command menu is a warning."""

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramServerError, TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.settings import Settings
from bot.telegram.setup import create_bot
from bot.telegram.startup import get_me_with_retry, set_commands_or_warn
from tests.standin.server import ApiError, BotApiStandIn, Drop

COMMANDS = [BotCommand(command="start", description="Start"), BotCommand(command="help", description="Help")]


class FailFirst:
    """Answers the first calls of one method with the given faults."""

    def __init__(self, method: str, *faults: ApiError) -> None:
        self.method, self.faults = method, list(faults)

    def __call__(self, method: str, params: dict[str, Any]) -> ApiError | None:
        return self.faults.pop(0) if method == self.method and self.faults else None


@pytest.fixture
async def bot(standin: BotApiStandIn) -> AsyncIterator[Bot]:
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    yield bot
    await bot.session.close()


def calls(standin: BotApiStandIn, name: str) -> list[dict[str, Any]]:
    return [params for method, params in standin.world.calls if method == name]


async def test_getme_is_retried_through_server_errors_and_a_dropped_connection(
    standin: BotApiStandIn, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fault = FailFirst("getMe", ApiError(502, "Bad Gateway"), Drop(), ApiError(500, "Internal Server Error"))
    with caplog.at_level(logging.WARNING):
        me = await get_me_with_retry(bot, first_pause=0.01)
    assert me.username == "herald_test_bot" and len(calls(standin, "getMe")) == 4
    assert len(caplog.records) == 3 and "Bad Gateway" in caplog.records[0].getMessage()
    assert (await bot.me()).username == "herald_test_bot" and len(calls(standin, "getMe")) == 4  # cached


async def test_getme_honours_retry_after(standin: BotApiStandIn, bot: Bot) -> None:
    standin.fault = FailFirst("getMe", ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    assert (await get_me_with_retry(bot, first_pause=0.01)).id == 990001


async def test_getme_gives_up_after_its_budget(standin: BotApiStandIn, bot: Bot) -> None:
    standin.fault = FailFirst("getMe", *[ApiError(500, "Internal Server Error")] * 50)
    with pytest.raises(TelegramServerError):
        await get_me_with_retry(bot, budget=0.2, first_pause=0.02)
    assert 3 <= len(calls(standin, "getMe")) <= 5  # 0.02 + 0.04 + 0.08 fit the budget, 0.16 more does not


async def test_a_refused_token_is_not_retried(standin: BotApiStandIn) -> None:
    wrong = create_bot(Settings(_env_file=None, telegram_bot_token="990001:WRONG", telegram_api_url=standin.url))
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await get_me_with_retry(wrong, first_pause=0.01)
    finally:
        await wrong.session.close()


async def test_a_failed_command_menu_is_a_warning(
    standin: BotApiStandIn, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fault = FailFirst("setMyCommands", ApiError(500, "Internal Server Error"))
    with caplog.at_level(logging.WARNING):
        assert not await set_commands_or_warn(bot, COMMANDS, BotCommandScopeAllPrivateChats(), "en")
    assert "could not set the command menu for all_private_chats in en: " in caplog.text
    assert await set_commands_or_warn(bot, COMMANDS, BotCommandScopeAllPrivateChats(), "en")
    sent = calls(standin, "setMyCommands")[-1]
    assert sent["language_code"] == "en" and "all_private_chats" in sent["scope"] and "help" in sent["commands"]
