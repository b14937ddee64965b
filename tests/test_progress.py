"""Broadcast progress: the admin's message is edited to a final summary, failures come in one report."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.progress import ProgressReporter
from bot.domain.models import Address, Platform
from bot.memory_messenger import MemoryMessenger
from bot.messenger import TargetGone
from bot.reports import Reporter
from tests.factories import publish, subscribe, unit
from tests.test_outbox import drain, worker

Sessions = async_sessionmaker[AsyncSession]
ADMIN_CHAT = Address(Platform.TELEGRAM, "1")


async def test_progress_then_summary_and_one_grouped_failure_report(sessions: Sessions) -> None:
    for chat_id in ("10", "11", "12", "13"):
        await subscribe(sessions, chat_id, "UK")
    messenger = MemoryMessenger()
    messenger.faults = {chat: [TargetGone("Forbidden: bot was blocked by the user")] for chat in ("12", "13")}
    progress = ProgressReporter(sessions, {Platform.TELEGRAM: messenger}, Reporter({Platform.TELEGRAM: messenger},
                                [Address(Platform.TELEGRAM, "-100")]))  # fmt: skip
    post_id = await publish(sessions, "UK: Bridge Reopens\nBody")
    async with unit(sessions) as services:
        await services.stats.track(post_id, ADMIN_CHAT, "77")
    await progress.tick()
    assert messenger.notices[-1][1].endswith("0/4 done · sent 0 · failed 0 · pending 4")
    await drain(worker(sessions, messenger))
    await progress.tick()
    await progress.tick()  # a finished broadcast is summarised once
    summaries = [html for address, html in messenger.notices if address == ADMIN_CHAT]
    assert "delivered in" in summaries[-1] and "sent 2/4 · failed 2" in summaries[-1]
    reports = [html for address, html in messenger.notices if address.chat_id == "-100"]
    assert len(reports) == 1
    assert reports[0].startswith(f"Post #{post_id}: 2 targets could not be reached.")
    assert reports[0].count("blocked by the user") == 2
