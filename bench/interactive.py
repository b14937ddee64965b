"""P7: how long a user waits for `/latest` while Herald broadcasts to 1,500 chats, against the real `herald run` and
the stand-in enforcing Telegram's limits; the same question with no broadcast running, in the same run, for the
ratio."""

import os
import statistics
import sys
import tempfile
from pathlib import Path

from tests.conftest import ROOT, HeraldProcess
from tests.load import (
    Asked,
    Broadcast,
    Watch,
    ask_latest_spread,
    copies_of,
    earlier_post,
    percentile,
    publish_as,
    seed_readers,
    until,
)
from tests.standin.limits import RateLimits
from tests.standin.people import Person, person
from tests.standin.server import BotApiStandIn

TARGETS = 1_500
FIRST_CHAT = 30_000
SAMPLES = 30  # /latest questions in each phase, each from a different subscriber
IDLE_INTERVAL = 0.3  # seconds between questions with no broadcast
BUSY_INTERVAL = 1.4  # seconds between questions during the broadcast: spread over 42 of its 50 s
TITLE = "Bridge Reopens"


def herald_env(standin: BotApiStandIn, admin: Person, database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "MATRIX_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=standin.token, TELEGRAM_API_URL=standin.url, ADMINS=str(admin.id), ADMIN_CHATS="",
        DATABASE_URL=database_url, LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT),
    )  # fmt: skip
    return env


def figures(asked: list[Asked]) -> tuple[float, float]:
    """p50 and p95 in seconds."""
    latencies = [one.latency for one in asked]
    return statistics.median(latencies), percentile(latencies, 0.95)


async def main() -> None:
    standin = BotApiStandIn()
    await standin.start()
    standin.limits = RateLimits()
    watch = Watch(standin)
    admin = person(standin, "Ada Admin")
    chat_ids = list(range(FIRST_CHAT, FIRST_CHAT + TARGETS))
    readers = [Person(standin, chat_id, f"reader{chat_id}") for chat_id in chat_ids]
    print(f"P7 /latest while a broadcast goes to {TARGETS:,} chats, real `herald run`, stand-in enforcing 30/s, "
          f"1/s per chat and 20/min per group")  # fmt: skip
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'p7.db'}"
        await earlier_post(url)
        await seed_readers(url, standin, chat_ids)
        herald = HeraldProcess(standin, Path(workdir), herald_env(standin, admin, url))
        await herald.start()
        try:
            idle = await ask_latest_spread(watch, readers[-SAMPLES:], IDLE_INTERVAL)
            await publish_as(watch, admin, f"UK: {TITLE} (16.1.2026)\nThe old bridge reopened on Friday.")
            await until(lambda: bool(copies_of(watch, chat_ids, TITLE).copies), 10, "the broadcast's first copy")
            # Readers spread over the list, so that some ask just after, some just before their own copy.
            busy = await ask_latest_spread(watch, readers[:: TARGETS // SAMPLES][:SAMPLES], BUSY_INTERVAL)
            ideal = Broadcast.ideal(TARGETS)
            done = lambda: len(copies_of(watch, chat_ids, TITLE).copies) >= TARGETS  # noqa: E731
            await until(done, 2 * ideal, "every copy", every=0.25)
            broadcast = copies_of(watch, chat_ids, TITLE)
        finally:
            await herald.stop()
            await standin.stop()
        if "Traceback" in herald.output():
            print(herald.output()[-3000:], file=sys.stderr)
    (idle_p50, idle_p95), (busy_p50, busy_p95) = figures(idle), figures(busy)
    print(f"  idle: {len(idle)} answers, p50 {idle_p50 * 1000:.0f} ms, p95 {idle_p95 * 1000:.0f} ms")
    during = sum(1 for one in busy if broadcast.copies[0].at < one.answer.at < broadcast.copies[-1].at)
    print(f"  during the broadcast: {len(busy)} answers ({during} while it ran), p50 {busy_p50 * 1000:.0f} ms, "
          f"p95 {busy_p95 * 1000:.0f} ms (goal p95 ≤ 1.5 s)")  # fmt: skip
    print(f"  p95 during broadcast / p95 idle: {busy_p95 / idle_p95:.1f}")
    print(f"  broadcast: {len(broadcast.copies):,} copies in {broadcast.seconds:.2f} s, ideal {ideal:.1f} s, "
          f"ratio {broadcast.seconds / ideal:.3f}")  # fmt: skip
    print(f"  429 answers: {standin.world.throttled} (goal 0)")
