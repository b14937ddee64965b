"""kill -9 during a broadcast: after restarts every target has its copy; duplicates stay within the bound."""

import asyncio
import random
import signal
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import insert

from bot.delivery.worker import WorkerConfig
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.models import Target
from tests.conftest import HeraldProcess, eventually
from tests.factories import reader_rows
from tests.standin.people import Person
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat
from tests.test_e2e_telegram import compose

TARGETS = 2000
KILLS = 3


async def seed_targets(url: str, standin: BotApiStandIn) -> list[int]:
    await asyncio.to_thread(upgrade, url)
    chat_ids = list(range(80_000, 80_000 + TARGETS))
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name="reader")
    engine = create_engine(url)
    async with engine.begin() as connection:
        rows = reader_rows(chat_ids)
        await connection.execute(insert(Target), rows)
    await engine.dispose()
    return chat_ids


def copies(standin: BotApiStandIn, chat_ids: list[int]) -> Counter[int]:
    wanted = set(chat_ids)
    return Counter(sent.chat_id for sent in standin.world.sent if sent.chat_id in wanted)


@pytest.mark.slow
async def test_kill_9_at_random_points_loses_nothing(
    standin: BotApiStandIn, herald_env: dict[str, str], admin: Person, tmp_path: Path
) -> None:
    chat_ids = await seed_targets(herald_env["DATABASE_URL"], standin)
    herald_env["TELEGRAM_RATE"] = "400"  # about 5 s for the whole broadcast: time to kill it several times
    herald = HeraldProcess(standin, tmp_path, herald_env)
    await herald.start()
    await compose(standin, admin, "/post UK: Bridge Reopens\nBody.")
    admin.say("/publish")
    rng = random.Random(20261125)
    progress = []
    for _ in range(KILLS):
        await asyncio.sleep(rng.uniform(0.4, 1.2))
        herald.kill(signal.SIGKILL)
        progress.append(len(copies(standin, chat_ids)))
        await herald.start()
    await eventually(lambda: len(copies(standin, chat_ids)) == TARGETS, seconds=60, what="every target's copy")
    await herald.stop()
    received = copies(standin, chat_ids)
    duplicates = sum(received.values()) - TARGETS
    print(f"copies seen at each kill: {progress}; duplicates: {duplicates}")
    assert 0 < progress[0] < TARGETS, f"the first kill should land mid-broadcast: {progress}"
    assert set(received) == set(chat_ids)  # 0 lost
    assert duplicates <= KILLS * WorkerConfig().in_flight_bound  # at most the batches in flight at each kill
    assert "Traceback" not in herald.output()
