"""The Matrix sync loop on a real Synapse, in process, with faults injected: it logs, retries and answers once."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands.responder import Responder
from bot.commands.runner import CommandRunner
from bot.delivery.paced import ChatQueues
from bot.delivery.worker import OutboxSignal
from bot.domain.models import Address, Platform
from bot.matrix.setup import build_sync, connect
from bot.matrix.sync import MatrixSync
from bot.media import PhotoFetcher
from bot.reports import Reporter
from bot.settings import Settings
from handlers import build_catalogue
from storage.uow import UnitsOfWork
from tests.conftest import eventually
from tests.matrix_people import MatrixPerson, body_of, eventually_async, reply_in, wait_joined
from tests.synapse import MatrixUser, Synapse

AsyncMethod = Callable[..., Awaitable[Any]]
LOCKED = OperationalError("UPDATE sync_state", {}, Exception("database is locked"))


class Fault:
    """Makes an async method raise while armed and its call matches; counts the calls that raised."""

    def __init__(self, method: AsyncMethod, error: Exception, when: Callable[..., bool] = lambda *args: True):
        self.method, self.error, self.when = method, error, when
        self.remaining, self.raised = 0, 0

    def arm(self, times: int = 1) -> None:
        self.remaining = times

    async def __call__(self, *args: Any) -> Any:
        if self.remaining > 0 and self.when(*args):
            self.remaining -= 1
            self.raised += 1
            raise self.error
        return await self.method(*args)


@dataclass
class Loop:
    """Herald's sync loop running in this process, una in a direct chat with it."""

    sync: MatrixSync
    task: "asyncio.Task[None]"
    bot: str
    una: MatrixPerson
    room: str

    async def answers(self) -> list[str]:
        return [body_of(event) for event in await self.una.events(self.room, self.bot)]


@pytest.fixture
async def loop(
    synapse: Synapse,
    register: Callable[[str], MatrixUser],
    sessions: "async_sessionmaker[AsyncSession]",
) -> AsyncIterator[Loop]:
    bot, una = register("herald"), MatrixPerson(synapse, register("una"))
    settings = Settings(
        _env_file=None,
        matrix_homeserver=synapse.url,
        matrix_user_id=bot.user_id,
        matrix_access_token=bot.access_token,
    )
    parts = await connect(settings, PhotoFetcher())
    room = await una.create_room("Una and Herald", [bot.user_id])
    reporter = Reporter({Platform.MATRIX: parts.messenger}, [Address(Platform.MATRIX, room)])
    units, lanes = UnitsOfWork(sessions), ChatQueues()
    runner = CommandRunner(build_catalogue(), units, OutboxSignal(), ZoneInfo("UTC"))
    sync = build_sync(parts, sessions, runner, Responder(parts.messenger, lanes, units), settings, reporter)
    sync.first_wait = 0.05
    task = asyncio.create_task(sync.run())
    await wait_joined(una, room, bot.user_id)
    events: list[dict[str, Any]] = []

    async def refresh() -> None:
        events[:] = await una.events(room, bot.user_id)

    await eventually_async(refresh, lambda: bool(events), what="the report of joining the room, sent there")
    yield Loop(sync, task, bot.user_id, una, room)
    assert not task.done(), "the sync loop ended"
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await lanes.drain(5)
    await lanes.close()
    await parts.client.api.session.close()
    await una.close()


def mentions(text: str) -> Callable[[dict[str, Any]], bool]:
    """Whether a sync batch holds a message whose body contains text."""

    def check(batch: dict[str, Any]) -> bool:
        rooms = batch.get("rooms", {}).get("join", {}).values()
        events = [event for room in rooms for event in room.get("timeline", {}).get("events", [])]
        return any(text in str(event.get("content", {}).get("body", "")) for event in events)

    return check


async def test_a_failed_batch_is_retried_and_each_command_answered_once(
    loop: Loop, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sync, una, room, bot = loop.sync, loop.una, loop.room, loop.bot
    caplog.set_level(logging.WARNING, "bot.matrix.sync")

    save = Fault(sync._save, LOCKED, mentions("!frobnicate"))
    monkeypatch.setattr(sync, "_save", save)
    save.arm(2)  # the refusal is sent before the token is saved: the retries must not send it again
    assert "I don't know the command !frobnicate" in await reply_in(una, room, bot, "!frobnicate")
    await eventually(lambda: save.remaining == 0, what="both failed saves")

    handle = Fault(sync.router.handle, RuntimeError("the router broke"))
    monkeypatch.setattr(sync.router, "handle", handle)
    handle.arm()
    assert "<b>Herald</b> publishes" in await reply_in(una, room, bot, "!help")

    poison = Fault(
        sync.router.handle, RuntimeError("this one always breaks"), lambda incoming: "!poison" in str(incoming)
    )
    monkeypatch.setattr(sync.router, "handle", poison)
    poison.arm(100)
    await una.say(room, "!poison")
    assert "No posts have been published" in await reply_in(una, room, bot, "!regions")  # the loop went past it
    assert poison.raised == 5

    report = Fault(sync.reporter.render_each, RuntimeError("the report broke"))
    monkeypatch.setattr(sync.reporter, "render_each", report)
    report.arm()
    elsewhere = await una.create_room("Una's other room", [bot])
    await wait_joined(una, elsewhere, bot)
    joined = f"Herald joined room <code>{elsewhere}</code>"
    answers: list[str] = []

    async def refresh() -> None:
        answers[:] = await loop.answers()

    await eventually_async(refresh, lambda: any(joined in answer for answer in answers), what="the join report")
    assert "receives nothing yet" in await reply_in(una, room, bot, "!subscriptions")  # a round trip after it

    answers = await loop.answers()
    assert [sum(text in answer for answer in answers) for text in ("!frobnicate", "<b>Herald</b> publishes")] == [1, 1]
    assert sum(joined in answer for answer in answers) == 1
    assert report.raised == 1 and save.raised == 2 and handle.raised == 1
    assert caplog.text.count("Matrix: could not handle a sync batch") == 1 + 2 + 1 + 4  # the poison's 5th is dropped
    assert "gave up on" in caplog.text
