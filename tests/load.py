"""What the interactive load test and benchmark P7 share: seeding subscribers into Herald's database before it
starts, watching what the stand-in sent chat by chat, timing `/latest`, and publishing as the admin would."""

import asyncio
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import insert

from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import publish, reader_rows
from tests.standin.people import Person
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat, Sent

TELEGRAM_RATE = 30  # Herald's default TELEGRAM_RATE, and what RateLimits() enforces


async def earlier_post(database_url: str) -> None:
    """A post published before anyone subscribed, so that /latest lists one post in both phases."""
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    await publish(create_sessionmaker(engine), "UK: Old Pier Closes\nBody")
    await engine.dispose()


async def seed_readers(database_url: str, standin: BotApiStandIn, chat_ids: Iterable[int]) -> None:
    """Migrate the database Herald will open and store private chats subscribed to every region (the stand-in
    learns the chats too), as if they had subscribed before this start."""
    chat_ids = list(chat_ids)
    for chat_id in chat_ids:
        standin.world.chats[chat_id] = Chat(chat_id, "private", first_name=f"reader{chat_id}")
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            await session.execute(insert(Target), reader_rows(chat_ids))
            await session.commit()
    finally:
        await engine.dispose()


@dataclass
class Watch:
    """The stand-in's sent messages indexed by chat as they come, so that waiting on many chats stays cheap."""

    standin: BotApiStandIn
    _seen: int = 0
    _by_chat: dict[int, list[Sent]] = field(default_factory=lambda: defaultdict(list))

    def of(self, chat_id: int) -> list[Sent]:
        """Every message the bot sent to chat_id so far, in order."""
        sent = self.standin.world.sent
        for message in sent[self._seen :]:
            self._by_chat[message.chat_id].append(message)
        self._seen = len(sent)
        return self._by_chat[chat_id]

    def having(self, chat_ids: Iterable[int], what: Callable[[Sent], bool]) -> list[Sent]:
        """The messages in these chats that match what."""
        return [message for chat_id in chat_ids for message in self.of(chat_id) if what(message)]


async def until(check: Callable[[], bool], seconds: float, what: str, every: float = 0.02) -> None:
    """Wait until check() holds; fail naming what after seconds."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        await asyncio.sleep(every)


def is_latest(message: Sent) -> bool:
    return message.original.startswith("<b>Latest posts")


@dataclass(frozen=True)
class Asked:
    """A /latest sent by who at sent_at (monotonic), answered by answer."""

    who: Person
    sent_at: float
    answer: Sent

    @property
    def latency(self) -> float:
        """From the user's send to the answer reaching the stand-in."""
        return self.answer.at - self.sent_at


async def ask_latest(watch: Watch, who: Person, seconds: float = 30.0) -> Asked:
    """who sends /latest; returns once the answer reached the stand-in."""
    before = len(watch.of(who.id))
    sent_at = time.monotonic()
    who.say("/latest")
    answers: list[Sent] = []

    def answered() -> bool:
        answers[:] = [message for message in watch.of(who.id)[before:] if is_latest(message)]
        return bool(answers)

    await until(answered, seconds, f"the answer to /latest from chat {who.id}")
    return Asked(who, sent_at, answers[0])


async def ask_latest_spread(watch: Watch, people: list[Person], interval: float) -> list[Asked]:
    """Each person sends /latest, one every interval seconds, each timed on its own (a slow answer does not hold
    back the next question)."""
    tasks = []
    for who in people:
        tasks.append(asyncio.create_task(ask_latest(watch, who)))
        await asyncio.sleep(interval)
    return list(await asyncio.gather(*tasks))


def percentile(values: Iterable[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least share of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def publish_as(watch: Watch, admin: Person, post: str, seconds: float = 30.0) -> Sent:
    """The admin sends /post with post, waits for the draft's notice, then sends /publish; the confirmation."""
    before = len(watch.of(admin.id))
    admin.say(f"/post {post}")
    await until(
        lambda: any("Draft <b>#" in m.original for m in watch.of(admin.id)[before:]), seconds, "the draft notice"
    )
    before = len(watch.of(admin.id))
    admin.say("/publish")
    confirmations: list[Sent] = []

    def confirmed() -> bool:
        confirmations[:] = [m for m in watch.of(admin.id)[before:] if m.original.startswith("Published post #")]
        return bool(confirmations)

    await until(confirmed, seconds, "the /publish confirmation")
    return confirmations[0]


@dataclass(frozen=True)
class Broadcast:
    """A post's copies as the stand-in received them."""

    copies: list[Sent]

    @property
    def seconds(self) -> float:
        """From the first copy to the last."""
        return self.copies[-1].at - self.copies[0].at if self.copies else 0.0

    @staticmethod
    def ideal(targets: int, rate: float = TELEGRAM_RATE) -> float:
        return targets / rate


def copies_of(watch: Watch, chat_ids: Iterable[int], title: str) -> Broadcast:
    """The copies of the post titled title in these chats, in the order they arrived."""
    copies = watch.having(chat_ids, lambda message: f"<b>{title}</b>" in message.original)
    return Broadcast(sorted(copies, key=lambda message: message.at))
