"""What the broadcast benchmarks share: a stand-in, a bot pointed at it, and a seeded outbox."""

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.pacing import Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Platform
from bot.domain.render import RenderStyle
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.setup import create_bot
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import reader_rows
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat


@dataclass
class Bench:
    """A stand-in with `targets` private chats, a Bot pointed at it, and a migrated SQLite outbox holding them."""

    standin: BotApiStandIn
    bot: Bot
    sessions: async_sessionmaker[AsyncSession]
    chat_ids: list[int]

    def outbox(self, pacer: Pacer, config: WorkerConfig | None = None) -> OutboxWorker:
        """The outbox worker over Telegram, paced by pacer."""
        messenger = TelegramMessenger(self.bot, RenderStyle())
        return OutboxWorker(self.sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(),
                            {Platform.TELEGRAM: pacer}, config or WorkerConfig())  # fmt: skip


@asynccontextmanager
async def bench(targets: int, first_chat: int) -> AsyncIterator[Bench]:
    """Start everything a broadcast benchmark needs, and close it all afterwards."""
    standin = BotApiStandIn()
    await standin.start()
    chat_ids = list(range(first_chat, first_chat + targets))
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name="reader")
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        sessions = create_sessionmaker(engine)
        async with sessions() as session:
            await session.execute(insert(Target), reader_rows(chat_ids))
            await session.commit()
        try:
            yield Bench(standin, bot, sessions, chat_ids)
        finally:
            await engine.dispose()
            await bot.session.close()
            await standin.stop()
