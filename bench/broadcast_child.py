"""P5's measured process: publish to every target in the database and work the outbox off, then print the
peak RSS. Run by bench.memory; the Bot API stand-in lives in the parent process."""

import asyncio
import json
import sys
import time
from pathlib import Path

from bench.drain import run_pool_until_done
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker
from bot.domain.models import Platform
from bot.domain.render import RenderStyle
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.setup import create_bot
from storage.engine import create_engine, create_sessionmaker
from tests.factories import publish


def peak_rss_mb() -> float:
    """This process image's peak resident set (VmHWM; ru_maxrss would count the parent's from before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def main(api_url: str, token: str, database_url: str, targets: int) -> None:
    engine = create_engine(database_url)
    sessions = create_sessionmaker(engine)
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=token, telegram_api_url=api_url))
    messenger = TelegramMessenger(bot, RenderStyle())
    pacer = {Platform.TELEGRAM: Pacer(1_000_000, ChatLimits(0, 0))}
    outbox = OutboxWorker(sessions, {Platform.TELEGRAM: messenger}, OutboxSignal(), pacer)
    baseline = peak_rss_mb()
    started = time.perf_counter()
    await publish(sessions, "UK: Bridge Reopens\nBody")
    done = 0

    def progress(count: int) -> None:
        nonlocal done
        if count // 10_000 > done // 10_000:
            print(json.dumps({"progress": count}), flush=True)
        done = count

    await run_pool_until_done(outbox, sessions, targets, progress)
    print(json.dumps({"done": done, "seconds": time.perf_counter() - started, "baseline_mb": baseline,
                      "peak_mb": peak_rss_mb()}), flush=True)  # fmt: skip
    await bot.session.close()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
