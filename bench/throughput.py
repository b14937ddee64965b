"""Outbox throughput over real HTTP against the Bot API stand-in, next to raw aiogram sends in the same run."""

import asyncio
import tempfile
import time
from pathlib import Path

from aiogram import Bot
from sqlalchemy import insert

from bench.common import run_pool_until_done
from bot.app import create_bot
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import DeliveryState, Platform
from bot.domain.render import RenderStyle
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import publish, reader_rows
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

CONCURRENCY = 8


def progress(label: str, done: int, total: int) -> None:
    print(f"\r  {label}: {done}/{total}", end="", flush=True)


async def raw_sends(bot: Bot, chat_ids: list[int]) -> float:
    """Plain aiogram sendMessage from a pool of workers: the ceiling for this machine."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for chat_id in chat_ids:
        queue.put_nowait(chat_id)
    done = 0

    async def worker() -> None:
        nonlocal done
        while not queue.empty():
            await bot.send_message(queue.get_nowait(), "<b>Bridge Reopens</b>\nBody")
            done += 1
            if done % 250 == 0:
                progress("raw aiogram", done, len(chat_ids))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    print()
    return len(chat_ids) / (time.perf_counter() - started)


async def herald_sends(bot: Bot, chat_ids: list[int], workdir: Path) -> float:
    """The same sends as durable deliveries: publish, then the outbox worker drains them."""
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    async with sessions() as session:
        rows = reader_rows(chat_ids)
        await session.execute(insert(Target), rows)
        await session.commit()
    messenger = TelegramMessenger(bot, RenderStyle())
    pacer = {Platform.TELEGRAM: Pacer(1_000_000, ChatLimits(0, 0))}  # limits off: this measures Herald's own cost
    config = WorkerConfig(concurrency=CONCURRENCY)
    outbox = OutboxWorker(sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(), pacer, config)
    started = time.perf_counter()
    await publish(sessions, "UK: Bridge Reopens\nBody")
    await run_pool_until_done(
        outbox, sessions, len(chat_ids), lambda done: progress("herald outbox", done, len(chat_ids))
    )
    elapsed = time.perf_counter() - started
    print()
    async with sessions() as session:
        from storage.repos import Repos

        counts = await Repos.over(session).deliveries.counts()
    await engine.dispose()
    assert counts.sent == len(chat_ids), counts
    return len(chat_ids) / elapsed


async def main(targets: int = 2000) -> None:
    standin = BotApiStandIn()
    await standin.start()
    chat_ids = list(range(10_000, 10_000 + targets))
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name="reader")
    settings = Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url)
    bot = create_bot(settings)
    try:
        print(f"P2 unpaced delivery, {targets} targets, stand-in over HTTP, durable state in SQLite")
        raw = await raw_sends(bot, chat_ids)
        standin.world.sent.clear()
        with tempfile.TemporaryDirectory() as workdir:
            herald = await herald_sends(bot, chat_ids, Path(workdir))
        print(f"  raw aiogram sendMessage: {raw:8.0f} msg/s")
        print(f"  Herald outbox:           {herald:8.0f} deliveries/s")
        print(f"  ratio Herald / raw:      {herald / raw:8.2f}   (goal ≥ 0.5)")
        assert len(standin.world.sent) == targets and DeliveryState.SENT
    finally:
        await bot.session.close()
        await standin.stop()
