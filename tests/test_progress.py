"""Broadcast progress: the admin's message is edited to a final summary, failures come in one report."""

import asyncio
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.progress import ProgressReporter
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.render import Rendered
from bot.memory_messenger import MemoryMessenger
from bot.messenger import SentCopy, TargetGone
from bot.reports import Reporter, stored_voice
from storage.base import utcnow
from storage.models import BroadcastReport, Delivery
from storage.uow import UnitsOfWork
from tests.factories import CATALOGUES, publish, subscribe, unit
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
    assert reports[0].count("blocked by the user") == 1  # grouped by reason, with the count
    assert "• Forbidden: bot was blocked by the user: 2" in reports[0]
    assert not any(chat in reports[0] for chat in ("10", "11", "12", "13")), "a reader is named to the admin chats"


class SlowMessenger(MemoryMessenger):
    """Each send takes 0.1 s, like a Bot API call on a slow link."""

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        await asyncio.sleep(0.1)
        return await super().send_post(address, post, key)


async def test_the_summary_measures_the_broadcast_from_its_first_send_to_its_last(sessions: Sessions) -> None:
    for chat_id in ("10", "11", "12"):
        await subscribe(sessions, chat_id, "UK")
    messenger = SlowMessenger()
    platform = {Platform.TELEGRAM: messenger}
    post_id = await publish(sessions, "UK: Bridge Reopens\nBody")
    async with unit(sessions) as services:
        await services.stats.track(post_id, ADMIN_CHAT, "77")
    async with sessions() as session:  # the admin published long before the sends (a busy outbox, a restart)
        await session.execute(update(BroadcastReport).values(started_at=utcnow() - timedelta(minutes=5)))
        await session.commit()
    config = WorkerConfig(concurrency=1)  # one send after the other: 0.1 s apart
    await drain(
        OutboxWorker(sessions, platform, OutboxSignal(), {Platform.TELEGRAM: Pacer(1000, ChatLimits(0, 0))}, config), 2
    )
    await ProgressReporter(sessions, platform, Reporter(platform, [])).tick()
    async with sessions() as session:
        sent = sorted(at for at in await session.scalars(select(Delivery.sent_at)) if at is not None)
    assert len(sent) == 3 and 0.15 < (sent[-1] - sent[0]).total_seconds() < 1  # each send's own time, not the batch's
    span_ms = round((sent[-1] - sent[0]).total_seconds() * 1000)
    summary = messenger.notices[-1][1]
    assert f"delivered in {span_ms} ms: sent 3/3" in summary, summary


async def test_progress_and_reports_speak_each_admin_chats_language(sessions: Sessions) -> None:
    for chat_id in ("10", "11", "12"):
        await subscribe(sessions, chat_id, "UK")
    messenger = MemoryMessenger()
    messenger.faults = {chat: [TargetGone("Forbidden: bot was blocked by the user")] for chat in ("11", "12")}
    english, russian = Address(Platform.TELEGRAM, "-100"), Address(Platform.TELEGRAM, "-200")
    platform = {Platform.TELEGRAM: messenger}
    reporter = Reporter(platform, [english, russian], CATALOGUES, UnitsOfWork(sessions))
    progress = ProgressReporter(sessions, platform, reporter, catalogues=CATALOGUES)
    post_id = await publish(sessions, "UK: Bridge Reopens\nBody")
    async with unit(sessions) as services:
        await services.languages.choose(ADMIN_CHAT, TargetKind.PRIVATE, "", "ru")  # the admin who published
        await services.languages.choose(russian, TargetKind.GROUP, "Редакция", "ru")
        await services.stats.track(post_id, ADMIN_CHAT, "77")
    await progress.tick()
    assert messenger.notices[-1][1].startswith(f"Публикую пост #{post_id} <b>Bridge Reopens</b>: готово 0/3")
    await drain(worker(sessions, messenger))
    await progress.tick()
    summary = [html for address, html in messenger.notices if address == ADMIN_CHAT][-1]
    assert summary.startswith(f"Пост #{post_id} <b>Bridge Reopens</b> доставлен за ")
    assert " мс: отправлено 1/3 · ошибок 2 · пропущено 0" in summary
    reports = {address.chat_id: html for address, html in messenger.notices if address in (english, russian)}
    assert reports["-100"].startswith(f"Post #{post_id}: 2 targets could not be reached.\n")
    assert reports["-200"].startswith(f"Пост #{post_id}: не удалось доставить 2 получателям.\n")
    assert reports["-200"].endswith(f"Какие именно получатели: /stats {post_id} в личном чате с Herald.")


async def test_reports_and_progress_read_a_chats_voice_one_way(sessions: Sessions) -> None:
    russian, unknown = Address(Platform.MATRIX, "!ru:example.org"), Address(Platform.TELEGRAM, "-300")
    async with unit(sessions) as services:
        await services.languages.choose(russian, TargetKind.ROOM, "Редакция", "ru")
    async with UnitsOfWork(sessions)() as uow:
        said = await stored_voice(CATALOGUES, uow.repos, russian)
        assert (said.language, said.prefix) == ("ru", "!")
        assert (await stored_voice(CATALOGUES, uow.repos, unknown)).language == "en"
