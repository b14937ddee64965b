"""P1: a paced broadcast to 600 chats with the stand-in enforcing 30/s in all and 1/s per chat."""

import asyncio
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from bench.common import run_pool_until_done
from bot.app import create_bot
from bot.delivery.pacing import Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Platform
from bot.domain.render import RenderStyle
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import publish, reader_rows
from tests.standin.limits import RateLimits
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

TARGETS = 600
RATE = 30


async def main() -> None:
    standin = BotApiStandIn()
    await standin.start()
    standin.limits = RateLimits(global_per_second=RATE)
    chat_ids = list(range(20_000, 20_000 + TARGETS))
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name="reader")
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'p1.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        sessions = create_sessionmaker(engine)
        rows = reader_rows(chat_ids)
        async with sessions() as session:
            await session.execute(insert(Target), rows)
            await session.commit()
        messenger = TelegramMessenger(bot, RenderStyle())
        outbox = OutboxWorker(sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(),
                              {Platform.TELEGRAM: Pacer(RATE)}, WorkerConfig())  # fmt: skip
        print(f"P1 paced broadcast, {TARGETS} chats, stand-in enforcing {RATE}/s and 1/s per chat")
        started = time.perf_counter()
        await publish(sessions, "UK: Bridge Reopens\nBody")
        await run_pool_until_done(
            outbox, sessions, TARGETS, lambda done: print(f"\r  sent {done}/{TARGETS}", end="", flush=True)
        )
        elapsed = time.perf_counter() - started
        await engine.dispose()
    await bot.session.close()
    await standin.stop()
    ideal = TARGETS / RATE
    print(f"\n  wall time {elapsed:.2f} s, ideal {ideal:.1f} s, ratio {elapsed / ideal:.3f} (goal ≤ 1.05)")
    print(f"  429 answers: {standin.world.throttled} (goal 0)")
