"""P3: uploads per photo when an album goes to 1,000 targets."""

import asyncio
import tempfile
from collections import Counter
from pathlib import Path

from sqlalchemy import insert

from bench.common import run_pool_until_done
from bot.app import create_bot
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker
from bot.domain.models import Platform
from bot.domain.render import RenderStyle
from bot.services.common import IncomingPhoto
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import ADMIN, reader_rows, unit
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

TARGETS = 1000
PHOTOS = 3


async def main() -> None:
    standin = BotApiStandIn()
    await standin.start()
    chat_ids = list(range(30_000, 30_000 + TARGETS))
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name="reader")
    # The admin's album reached the Bot API as PHOTOS uploads; Herald keeps each photo's file_id.
    photos = [IncomingPhoto(standin.world.new_file(f"jpeg {n}".encode()), None) for n in range(PHOTOS)]
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'p3.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        sessions = create_sessionmaker(engine)
        async with sessions() as session:
            await session.execute(insert(Target), reader_rows(chat_ids))
            await session.commit()
        async with unit(sessions) as services:
            draft = await services.compose.create_draft(ADMIN, "UK: Bridge Reopens\nBody", photos)
            await services.compose.publish(ADMIN, draft.id)
        messenger = TelegramMessenger(bot, RenderStyle())
        pacer = {Platform.TELEGRAM: Pacer(1_000_000, ChatLimits(0, 0))}
        outbox = OutboxWorker(sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(), pacer)
        print(f"P3 album of {PHOTOS} photos to {TARGETS} targets")
        await run_pool_until_done(outbox, sessions, TARGETS, lambda d: print(f"\r  sent {d}/{TARGETS}", end=""))
        await engine.dispose()
    await bot.session.close()
    await standin.stop()
    used = Counter(sent.message["photo"][-1]["file_id"] for sent in standin.world.sent)
    uploads = PHOTOS + standin.world.uploads  # the admin's own uploads, plus any Herald made
    herald_uploads = standin.world.uploads
    print(f"\n  photo sends: {sum(used.values())}, distinct files: {len(used)}, uploads by Herald: {herald_uploads}")
    print(f"  uploads per photo: {uploads / PHOTOS:.2f} (goal 1)")
