"""kill -9 during a Matrix broadcast to 120 rooms: after restarts every room has exactly one copy."""

import asyncio
import random
import signal
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import insert

from bot.domain.models import TargetKind
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.models import Target
from tests.conftest import HeraldProcess, eventually
from tests.matrix_people import MatrixPerson, matrix_settings
from tests.standin.people import Person
from tests.standin.server import BotApiStandIn
from tests.synapse import MatrixUser, Synapse
from tests.test_e2e_telegram import last, reply_to

ROOMS = 120
KILLS = 3


async def create_rooms(bot: MatrixPerson, count: int) -> list[str]:
    """Rooms the bot's own account creates, so it is in each of them from the start."""
    rooms: list[str] = []
    for start in range(0, count, 20):
        batch = [bot.create_room(f"Readers {n}", []) for n in range(start, min(count, start + 20))]
        rooms += await asyncio.gather(*batch)
    return rooms


async def seed_rooms(url: str, rooms: list[str]) -> None:
    await asyncio.to_thread(upgrade, url)
    rows = [
        {"platform": "matrix", "chat_id": room, "thread_id": 0, "kind": TargetKind.ROOM, "title": "",
         "all_regions": True, "active": True}
        for room in rooms
    ]  # fmt: skip
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(insert(Target), rows)
    await engine.dispose()


async def copies(bot: MatrixPerson, rooms: list[str], msgtype: str) -> dict[str, int]:
    """How many events of msgtype the bot has sent in each room."""

    async def count(room: str) -> int:
        return sum(e["content"].get("msgtype") == msgtype for e in await bot.events(room, bot.user_id))

    counts: dict[str, int] = {}
    for start in range(0, len(rooms), 25):
        chunk = rooms[start : start + 25]
        counts.update(zip(chunk, await asyncio.gather(*(count(room) for room in chunk)), strict=True))
    return counts


def sent(database: str) -> int:
    """Deliveries Herald has recorded as sent (read from its SQLite file: cheaper than asking Synapse)."""
    with closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("SELECT count(*) FROM deliveries WHERE state = 'sent'").fetchone()[0])


@pytest.mark.slow
async def test_kill_9_during_a_matrix_broadcast_leaves_exactly_one_copy_per_room(
    synapse: Synapse,
    register: Callable[[str], MatrixUser],
    standin: BotApiStandIn,
    admin: Person,
    herald_env: dict[str, str],
    tmp_path: Path,
) -> None:
    account = register("herald")
    bot = MatrixPerson(synapse, account)
    rooms = await create_rooms(bot, ROOMS)
    await seed_rooms(herald_env["DATABASE_URL"], rooms)
    # MATRIX_RATE: about 8 s for 120 rooms × 2 events, time to kill it several times
    herald_env.update(matrix_settings(synapse, account, MATRIX_RATE="30"))
    herald = HeraldProcess(standin, tmp_path, herald_env)
    await herald.start()
    admin.send_photos(["/post UK: Bridge Reopens\nBody.\nPhoto: Ann Lee"])  # the photo comes from Telegram
    await eventually(lambda: "Draft <b>#1</b>" in last(standin, admin.id), what="the draft")
    await reply_to(standin, admin, "/scheduled")  # a round trip: the draft is committed
    await reply_to(standin, admin, "/publish")
    rng = random.Random(20261126)
    progress = []
    for _ in range(KILLS):
        await asyncio.sleep(rng.uniform(0.8, 2.0))
        herald.kill(signal.SIGKILL)
        progress.append(sum((await copies(bot, rooms, "m.text")).values()))
        await herald.start()
    database = herald_env["DATABASE_URL"].removeprefix("sqlite+aiosqlite:///")
    await eventually(lambda: sent(database) == ROOMS, seconds=180, what="Herald to record every room's copy")
    texts = await copies(bot, rooms, "m.text")  # asked of Synapse once, so as not to slow it while it works
    images = await copies(bot, rooms, "m.image")
    await herald.stop()
    await bot.close()
    print(f"text copies seen at each kill: {progress}")
    assert 0 < progress[0] < ROOMS, f"the first kill should land mid-broadcast: {progress}"
    assert set(texts.values()) == {1} and len(texts) == ROOMS, "every room has exactly one copy"
    assert set(images.values()) == {1}, "and exactly one image"
    assert "Traceback" not in herald.output(), herald.output()
