"""The outbox worker over the in-memory messenger: deliveries, message ids, faults and crash recovery."""

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outcomes import RetryPolicy
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Address, DeliveryState, Platform, TargetKind
from bot.domain.render import Rendered
from bot.memory_messenger import MemoryMessenger
from bot.messenger import Rejected, RetryAfter, SentCopy, TargetGone, TargetMoved, Transient
from storage.models import Delivery, PhotoFile, Target
from tests.factories import CATALOGUES, chat, publish, subscribe, unit

Sessions = async_sessionmaker[AsyncSession]


def worker(sessions: Sessions, messenger: MemoryMessenger, attempts: int = 3) -> OutboxWorker:
    config = WorkerConfig(retry=RetryPolicy(max_attempts=attempts, base_seconds=0.0))
    pacer = {Platform.TELEGRAM: Pacer(1000, ChatLimits(0, 0))}
    return OutboxWorker(sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(), pacer, config)


async def drain(outbox: OutboxWorker, rounds: int = 20) -> None:
    for _ in range(rounds):
        await outbox.run_once()


async def states(sessions: Sessions) -> dict[str, str]:
    async with sessions() as session:
        rows = await session.execute(select(Target.chat_id, Delivery.state).join(Target))
        return dict(rows.all())


async def test_album_reaches_each_target_once_with_its_message_ids(sessions: Sessions) -> None:
    for chat_id in ("10", "11", "12"):
        await subscribe(sessions, chat_id, "UK")
    messenger = MemoryMessenger()
    await publish(sessions, "UK: Bridge\nBody", photo_count=3)
    await drain(worker(sessions, messenger))
    assert sorted(copy.address.chat_id for copy in messenger.copies) == ["10", "11", "12"]
    async with sessions() as session:
        deliveries = list(await session.scalars(select(Delivery)))
    assert all(d.state == DeliveryState.SENT and len(d.message_ids) == 3 for d in deliveries)


async def test_faults_end_in_the_right_states(sessions: Sessions) -> None:
    for chat_id in ("gone", "moved", "flaky", "broken", "busy", "dead"):
        await subscribe(sessions, chat_id, "all")
    messenger = MemoryMessenger()
    messenger.faults = {
        "gone": [TargetGone("Forbidden: bot was blocked by the user")],
        "moved": [TargetMoved("migrated", "-100999")],
        "flaky": [Transient("Internal Server Error"), Transient("Bad Gateway")],
        "broken": [Rejected("Bad Request: can't parse entities")],
        "busy": [RetryAfter("Too Many Requests", 0.0)] * 5,
        "dead": [Transient("Internal Server Error")] * 3,
    }
    await publish(sessions, "UK: Bridge\nBody")
    await drain(worker(sessions, messenger, attempts=3))
    assert await states(sessions) == {
        "gone": "failed",
        "-100999": "sent",
        "flaky": "sent",
        "broken": "failed",
        "busy": "sent",
        "dead": "failed",
    }
    async with sessions() as session:
        gone = await session.scalar(select(Target).where(Target.chat_id == "gone"))
    assert gone is not None and not gone.active and "blocked" in (gone.inactive_reason or "")
    assert [copy.address.chat_id for copy in messenger.copies].count("flaky") == 1


async def test_deliveries_in_flight_at_a_crash_are_sent_after_restart(sessions: Sessions) -> None:
    await subscribe(sessions, "10", "UK")
    await publish(sessions, "UK: Bridge\nBody")
    async with sessions() as session:  # a worker claimed the row, then the process died
        await session.execute(update(Delivery).values(state=DeliveryState.SENDING))
        await session.commit()
    messenger = MemoryMessenger()
    outbox = worker(sessions, messenger)
    await outbox.recover()
    await drain(outbox, 2)
    assert [copy.address.chat_id for copy in messenger.copies] == ["10"]


async def test_file_refs_are_remembered_per_platform(sessions: Sessions) -> None:
    await subscribe(sessions, "10", "UK")
    await publish(sessions, "UK: Bridge\nBody", photo_count=2)
    await drain(worker(sessions, MemoryMessenger()))
    async with sessions() as session:
        refs = list(await session.scalars(select(PhotoFile.ref)))
    assert sorted(refs) == ["file-0", "file-1"]


async def test_a_failed_round_puts_its_batch_back(sessions: Sessions, monkeypatch: pytest.MonkeyPatch) -> None:
    await subscribe(sessions, "10", "UK")
    await publish(sessions, "UK: Bridge\nBody")
    messenger = MemoryMessenger()
    outbox = worker(sessions, messenger)

    async def broken(*_args: object) -> dict[int, tuple[int, str]]:
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(outbox.__class__, "_record", broken)
        with pytest.raises(RuntimeError):
            await outbox.run_once()
    assert await states(sessions) == {"10": "pending"}
    await drain(outbox, 2)
    assert await states(sessions) == {"10": "sent"}


async def test_a_failed_round_puts_its_batch_back_at_once(sessions: Sessions) -> None:
    await subscribe(sessions, "10", "UK")
    await publish(sessions, "UK: Bridge\nBody")
    outbox = worker(sessions, MemoryMessenger())

    async def broken_record(*_args: object) -> None:
        raise RuntimeError("the database went away")

    outbox._record = broken_record  # type: ignore[method-assign,assignment]
    with pytest.raises(RuntimeError):
        await outbox.run_once()
    assert await states(sessions) == {"10": DeliveryState.PENDING}  # no restart needed to send it


class StalledMessenger(MemoryMessenger):
    """Sends that never return, like a network call hanging when Herald is told to stop."""

    async def send_post(self, *_args: object, **_kwargs: object) -> Any:
        await asyncio.Event().wait()


async def test_a_stop_during_a_round_ends_it_at_once_and_the_next_start_resends(sessions: Sessions) -> None:
    await subscribe(sessions, "10", "UK")
    await publish(sessions, "UK: Bridge\nBody")
    outbox = worker(sessions, StalledMessenger())
    round_ = asyncio.create_task(outbox.run_once())
    await asyncio.sleep(0.2)
    round_.cancel()
    with pytest.raises(asyncio.CancelledError):  # the stop stays a stop: nothing turns it into a retried failure
        await asyncio.wait_for(round_, 2)
    assert await states(sessions) == {"10": DeliveryState.SENDING}
    messenger = MemoryMessenger()
    restarted = worker(sessions, messenger)
    await restarted.recover()
    await drain(restarted)
    assert [copy.address.chat_id for copy in messenger.copies] == ["10"]


class BuggyMessenger(MemoryMessenger):
    """Raises an exception no platform would: a bug of Herald's own, the first time chat 'buggy' is sent to."""

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        if address.chat_id == "buggy" and not self.notices:
            self.notices.append((address, "raised"))
            raise KeyError("photo 7")
        return await super().send_post(address, post, key)


async def test_an_unexpected_exception_fails_its_delivery_at_once_and_is_logged_once(
    sessions: Sessions, caplog: pytest.LogCaptureFixture
) -> None:
    for chat_id in ("buggy", "10"):
        await subscribe(sessions, chat_id, "UK")
    await publish(sessions, "UK: Bridge\nBody")
    with caplog.at_level(logging.WARNING):
        await drain(worker(sessions, BuggyMessenger(), attempts=5))
    assert await states(sessions) == {"buggy": "failed", "10": "sent"}  # the rest of the batch went on
    async with sessions() as session:
        buggy = await session.scalar(select(Delivery).join(Target).where(Target.chat_id == "buggy"))
    assert buggy is not None and buggy.attempts == 1 and buggy.last_error == "unexpected error: KeyError: 'photo 7'"
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert caplog.text.count("Traceback") == 1 and "KeyError: 'photo 7'" in caplog.text


async def test_each_copy_is_framed_in_its_targets_language(sessions: Sessions) -> None:
    await subscribe(sessions, "10", "UK")  # an English reader
    async with unit(sessions) as services:  # a channel registered with `addchannel -1001 UK lang=ru`
        await services.channels.add(chat("-1001"), TargetKind.CHANNEL, "Новости", ["UK"], "ru")
    await publish(sessions, "UK: Bridge Reopens (16.1.2026)\nThe old bridge reopened on Friday.", photo_count=1)
    messenger = MemoryMessenger()
    outbox = worker(sessions, messenger)
    outbox.catalogues = CATALOGUES
    await drain(outbox)
    copies = {copy.address.chat_id: copy.html for copy in messenger.copies}
    assert copies["10"] == (
        "<b>Bridge Reopens</b>\n16 January 2026 · #UK\n\nThe old bridge reopened on Friday.\n\n"
        "📷 Photo: Ann Lee\nRead the full post: /read 1"
    )
    assert copies["-1001"] == (
        "<b>Bridge Reopens</b>\n16 января 2026 · #UK\n\nThe old bridge reopened on Friday.\n\n"
        "📷 Photo: Ann Lee\nЧитать полностью: /read 1"
    )  # the post's own words are never translated
