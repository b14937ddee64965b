"""Each Telegram fault over real HTTP: what the subscriber and the admin end up seeing, and the final states."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outcomes import RetryPolicy
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.progress import ProgressReporter
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Address, Platform
from bot.domain.render import RenderStyle
from bot.reports import Reporter
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.setup import create_bot
from storage.models import Delivery, Target
from tests.factories import publish, subscribe, unit
from tests.standin.server import ApiError, BotApiStandIn, Drop
from tests.standin.state import Chat

Sessions = async_sessionmaker[AsyncSession]
ADMIN_CHAT = 1
READER = 500


class Faults:
    """Answers the reader's sends with the queued errors first."""

    def __init__(self, *errors: ApiError) -> None:
        self.errors = list(errors)

    def __call__(self, method: str, params: dict[str, Any]) -> ApiError | None:
        if method.startswith("send") and str(params.get("chat_id")) == str(READER) and self.errors:
            return self.errors.pop(0)
        return None


@pytest.fixture
async def messenger(standin: BotApiStandIn) -> AsyncIterator[TelegramMessenger]:
    for chat_id in (ADMIN_CHAT, READER, -100500):
        standin.world.chats[chat_id] = Chat(chat_id, "private" if chat_id > 0 else "supergroup", first_name="x")
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    yield TelegramMessenger(bot, RenderStyle())
    await bot.session.close()


async def run_broadcast(sessions: Sessions, messenger: TelegramMessenger) -> tuple[str, str, int]:
    """Publish to the reader, work the outbox until it is empty; the delivery's state and error, and attempts."""
    platform = {Platform.TELEGRAM: messenger}
    await subscribe(sessions, str(READER), "UK")
    post_id = await publish(sessions, "UK: Bridge Reopens\nBody")
    async with unit(sessions) as services:
        await services.stats.track(post_id, Address(Platform.TELEGRAM, str(ADMIN_CHAT)), "0")
    config = WorkerConfig(retry=RetryPolicy(max_attempts=3, base_seconds=0.0))
    outbox = OutboxWorker(sessions, platform, OutboxSignal(), {Platform.TELEGRAM: Pacer(100, ChatLimits(0, 0))}, config)
    for _ in range(10):
        await outbox.run_once()
    reporter = Reporter(platform, [Address(Platform.TELEGRAM, str(ADMIN_CHAT))])
    await ProgressReporter(sessions, platform, reporter).tick()
    async with sessions() as session:
        delivery = await session.scalar(select(Delivery))
        assert delivery is not None
        return delivery.state, delivery.last_error or "", delivery.attempts


def admin_saw(standin: BotApiStandIn) -> str:
    return "\n".join(sent.text for sent in standin.world.in_chat(ADMIN_CHAT))


def reader_copies(standin: BotApiStandIn, chat_id: int = READER) -> int:
    return len(standin.world.in_chat(chat_id))


@pytest.mark.parametrize(
    "description",
    ["Forbidden: bot was blocked by the user", "Forbidden: user is deactivated",
     "Forbidden: bot was kicked from the group chat"],
)  # fmt: skip
async def test_final_403s_deactivate_the_target_and_are_reported(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger, description: str
) -> None:
    standin.fault = Faults(ApiError(403, description))
    state, error, _ = await run_broadcast(sessions, messenger)
    assert (state, error) == ("failed", description)
    assert reader_copies(standin) == 0
    assert f"1 target could not be reached.\n• {description}: 1" in admin_saw(standin)
    assert str(READER) not in admin_saw(standin)  # the admin chats learn how many and why, not who
    async with sessions() as session:
        target = await session.scalar(select(Target))
    assert target is not None and not target.active and target.inactive_reason == description


async def test_chat_not_found_is_final(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    standin.fault = Faults(ApiError(400, "Bad Request: chat not found"))
    assert (await run_broadcast(sessions, messenger))[:2] == ("failed", "Bad Request: chat not found")
    assert "could not be reached" in admin_saw(standin)


async def test_migrated_group_gets_its_new_id_and_the_copy(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    moved = ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": -100500})
    standin.fault = Faults(moved)
    state, _, _ = await run_broadcast(sessions, messenger)
    assert state == "sent" and reader_copies(standin, -100500) == 1
    async with sessions() as session:
        assert await session.scalar(select(Target.chat_id)) == "-100500"
    assert "could not be reached" not in admin_saw(standin)


async def test_server_errors_are_retried_with_backoff(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    standin.fault = Faults(ApiError(502, "Bad Gateway"), ApiError(500, "Internal Server Error"))
    assert await run_broadcast(sessions, messenger) == ("sent", "", 3)
    assert reader_copies(standin) == 1


async def test_server_errors_past_the_attempts_fail_and_are_reported(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    standin.fault = Faults(*[ApiError(500, "Internal Server Error")] * 5)
    assert await run_broadcast(sessions, messenger) == ("failed", "Internal Server Error", 3)
    assert reader_copies(standin) == 0 and "Internal Server Error" in admin_saw(standin)


async def test_a_dropped_connection_is_retried(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    standin.fault = Faults(Drop())
    assert await run_broadcast(sessions, messenger) == ("sent", "", 2)
    assert reader_copies(standin) == 1


@pytest.mark.parametrize("description", ["Bad Request: can't parse entities: x", "Bad Request: message is too long"])
async def test_our_own_bugs_fail_at_once_and_loudly(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger, description: str,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    standin.fault = Faults(ApiError(400, description))
    assert await run_broadcast(sessions, messenger) == ("failed", description, 1)
    assert "failed for good" in caplog.text
    async with sessions() as session:
        target = await session.scalar(select(Target))
    assert target is not None and target.active  # not the target's fault


async def test_retry_after_is_honoured_for_that_chat(
    sessions: Sessions, standin: BotApiStandIn, messenger: TelegramMessenger
) -> None:
    standin.fault = Faults(ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    platform = {Platform.TELEGRAM: messenger}
    await subscribe(sessions, str(READER), "UK")
    await subscribe(sessions, str(ADMIN_CHAT), "UK")
    await publish(sessions, "UK: Bridge Reopens\nBody")
    outbox = OutboxWorker(sessions, platform, OutboxSignal(), {Platform.TELEGRAM: Pacer(100)}, WorkerConfig())
    await outbox.run_once()
    assert reader_copies(standin) == 0 and reader_copies(standin, ADMIN_CHAT) == 1  # the other chat went on
    await outbox.run_once()
    assert reader_copies(standin) == 0  # still waiting out its second
    await OutboxSignal().wait(1.1)
    await outbox.run_once()
    assert reader_copies(standin) == 1
