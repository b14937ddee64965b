"""Background loops under a fault that lasts: backoff, a short log, and one alert each way to the admins."""

import asyncio
import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.loops import Backoff, every
from bot.delivery.worker import WorkerConfig
from bot.domain.voice import Wording
from bot.memory_messenger import MemoryMessenger
from tests.factories import ENGLISH
from tests.test_outbox import worker

Sessions = async_sessionmaker[AsyncSession]


class Flaky:
    """A step that fails `failures` times, then succeeds, then stops the loop (as a shutdown would)."""

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    async def __call__(self) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            raise OSError("database is locked")
        if self.calls > self.failures + 1:
            raise asyncio.CancelledError
        return 0


def test_the_pause_doubles_up_to_the_cap() -> None:
    backoff = Backoff("scheduler", 2.0)
    waits = []
    for _ in range(8):
        backoff.failures += 1
        waits.append(backoff.delay())
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]


async def test_a_failing_loop_logs_one_traceback_and_tells_the_admins_once_each_way(
    caplog: pytest.LogCaptureFixture,
) -> None:
    alerts: list[str] = []

    async def tell(wording: Wording) -> None:
        alerts.append(wording(ENGLISH))

    step = Flaky(failures=5)
    with caplog.at_level(logging.WARNING), pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(every(0.001, step, "scheduler", on_trouble=tell), 5)
    assert step.calls == 7
    assert caplog.text.count("Traceback") == 1
    assert [r.levelname for r in caplog.records] == ["ERROR"] + ["WARNING"] * 4 + ["WARNING"]
    assert "failed 5 times in a row (OSError: database is locked)" in caplog.records[4].getMessage()
    assert len(alerts) == 2
    assert alerts[0].startswith("⚠️ Herald's scheduler keeps failing (3 times in a row): OSError: database is locked")
    assert alerts[1] == "✅ Herald's scheduler works again after 5 failures."


async def test_a_short_fault_does_not_bother_the_admins() -> None:
    alerts: list[str] = []

    async def tell(wording: Wording) -> None:
        alerts.append(wording(ENGLISH))

    with pytest.raises(asyncio.CancelledError):
        await every(0.001, Flaky(failures=2), "progress", on_trouble=tell)
    assert alerts == []


async def test_an_unreachable_admin_chat_does_not_stop_the_loop() -> None:
    async def unreachable(wording: Wording) -> None:
        raise RuntimeError("no admin chat")

    step = Flaky(failures=4)
    with pytest.raises(asyncio.CancelledError):
        await every(0.001, step, "progress", on_trouble=unreachable)
    assert step.calls == 6


async def test_the_outbox_worker_backs_off_and_alerts(sessions: Sessions, caplog: pytest.LogCaptureFixture) -> None:
    alerts: list[str] = []

    async def tell(wording: Wording) -> None:
        alerts.append(wording(ENGLISH))

    outbox = worker(sessions, MemoryMessenger())
    outbox.on_trouble = tell
    outbox.config = WorkerConfig(idle_seconds=0.001)
    step = Flaky(failures=4)
    outbox.run_once = step  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING), pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(outbox._work(), 5)
    assert caplog.text.count("Traceback") == 1 and len(caplog.records) == 5
    assert len(alerts) == 2 and alerts[0].startswith("⚠️ Herald's outbox keeps failing (3 times in a row)")
    assert alerts[1] == "✅ Herald's outbox works again after 4 failures."
