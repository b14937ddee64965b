"""Pacing against a stand-in that enforces Telegram's limits over real HTTP."""

import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.pacing import Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Platform, TargetKind
from bot.domain.render import RenderStyle
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.setup import create_bot
from storage.models import Target
from tests.factories import publish, reader_rows
from tests.standin.limits import RateLimits
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def messenger(standin: BotApiStandIn) -> AsyncIterator[TelegramMessenger]:
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    yield TelegramMessenger(bot, RenderStyle())
    await bot.session.close()


async def add_readers(sessions: Sessions, standin: BotApiStandIn, count: int) -> list[int]:
    chat_ids = list(range(70_000, 70_000 + count))
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name="reader")
    rows = reader_rows(chat_ids)
    async with sessions() as session:
        await session.execute(insert(Target), rows)
        await session.commit()
    return chat_ids


async def broadcast(sessions: Sessions, messenger: TelegramMessenger, pacer: Pacer, count: int) -> float:
    outbox = OutboxWorker(sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(), {Platform.TELEGRAM: pacer},
                          WorkerConfig(batch_size=50))  # fmt: skip
    await publish(sessions, "UK: Bridge Reopens\nBody")
    started = time.monotonic()
    sent = 0
    while sent < count and time.monotonic() - started < 60:
        async with sessions() as session:
            from storage.repos import Repos

            sent = (await Repos.over(session).deliveries.counts()).sent
        if not await outbox.run_once():
            await OutboxSignal().wait(0.05)
    return time.monotonic() - started


async def test_a_paced_broadcast_to_200_chats_meets_no_429(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    chat_ids = await add_readers(sessions, standin, 200)
    standin.limits = RateLimits(global_per_second=30)
    elapsed = await broadcast(sessions, messenger, Pacer(30), len(chat_ids))
    assert standin.world.throttled == 0
    assert Counter(sent.chat_id for sent in standin.world.sent) == Counter(chat_ids)  # each exactly once
    assert elapsed < 200 / 30 * 1.2


async def test_429s_are_waited_out_per_chat_and_slow_the_global_rate(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    chat_ids = await add_readers(sessions, standin, 150)
    standin.limits = RateLimits(global_per_second=30)
    pacer = Pacer(200)  # configured far above what the server takes
    elapsed = await broadcast(sessions, messenger, pacer, len(chat_ids))
    assert standin.world.throttled > 0 and pacer.bucket.rate < 200
    assert Counter(sent.chat_id for sent in standin.world.sent) == Counter(chat_ids)  # none lost, none twice
    assert elapsed < 30


def test_the_pacer_remembers_only_chats_that_must_still_wait() -> None:
    now = [0.0]
    pacer = Pacer(30, clock=lambda: now[0])
    for chat in range(100_000):  # a broadcast to 100,000 private chats at 30 per second
        pacer.reserve(str(chat), TargetKind.PRIVATE, 1)
        now[0] += 1 / 30
    assert len(pacer._chat_free_at) <= pacer.limits.prune_at  # flat in the number of targets
    assert pacer.chat_wait("99999") == 0  # one copy leaves room for a reply at once (a private chat's burst of 2)
    pacer.reserve("99999", TargetKind.PRIVATE, 1)
    assert pacer.chat_wait("99999") > 0.9 and pacer.chat_wait("0") == 0  # a third must wait its second
    pacer.on_retry_after("7", 3600)  # told to wait an hour: not forgotten by the next pruning
    for chat in range(100_000, 102_000):
        pacer.reserve(str(chat), TargetKind.PRIVATE, 1)
        now[0] += 1 / 30
    assert pacer.chat_wait("7") > 3000


async def test_an_interactive_send_books_its_chat_so_a_broadcast_to_it_is_deferred() -> None:
    now = [0.0]
    pacer = Pacer(30, clock=lambda: now[0])
    await pacer.wait_for_chat("-100", TargetKind.GROUP)  # the chat was free: no wait
    assert pacer.chat_wait("-100") == pacer.limits.shared_interval  # the outbox now defers its send there
    now[0] += 1.0
    pacer.reserve("-100", TargetKind.GROUP, 1)  # booked behind the interactive send, not on top of it
    assert pacer.chat_wait("-100") == 2 * pacer.limits.shared_interval - 1.0
