"""Telegram polling stops cleanly when Herald is told to stop."""

import asyncio
import logging

import pytest
from aiogram import Dispatcher

from bot.settings import Settings
from bot.telegram.polling import poll
from bot.telegram.setup import create_bot
from tests.conftest import HeraldProcess, eventually
from tests.standin.people import person
from tests.standin.server import BotApiStandIn


def polls(standin: BotApiStandIn) -> int:
    return sum(1 for method, _ in standin.world.calls if method == "getUpdates")


async def test_a_cancelled_poll_stops_without_an_error(
    standin: BotApiStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    polling = asyncio.create_task(poll(Dispatcher(), bot))
    await eventually(lambda: polls(standin) > 0, what="a long poll")
    await asyncio.sleep(0.2)  # the long poll is in flight
    with caplog.at_level(logging.INFO):
        polling.cancel()
        with pytest.raises(asyncio.CancelledError):
            await polling
        await bot.session.close()  # the app closes it after the queued answers went out
        await asyncio.sleep(0.3)  # anything left running would fail now, on the closed session
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    leftovers = [task for task in asyncio.all_tasks() if "_polling" in repr(task.get_coro())]
    assert leftovers == []


async def test_a_sigterm_stop_logs_no_error(herald: HeraldProcess) -> None:
    await asyncio.sleep(0.5)  # a long poll is in flight
    await herald.stop()
    assert " ERROR " not in herald.output(), herald.output()
    assert "Herald stopped" in herald.output()


async def test_answers_queued_at_a_sigterm_still_go_out(standin: BotApiStandIn, herald: HeraldProcess) -> None:
    """Five commands in a second: a private chat takes two answers at once, then one a second. A stop right
    after the first answers must not lose the rest: their actions are committed, so are their answers."""
    reader = person(standin, "Rita")
    for _ in range(5):
        reader.say("/subscriptions")
    await eventually(lambda: len(standin.world.in_chat(reader.id)) >= 2, what="the first answers")
    assert len(standin.world.in_chat(reader.id)) < 5  # the rest are still queued behind the chat's pacing
    await herald.stop()
    assert len(standin.world.in_chat(reader.id)) == 5, herald.output()
    assert " ERROR " not in herald.output(), herald.output()
