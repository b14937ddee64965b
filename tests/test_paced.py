"""Interactive calls share the platform budget ahead of broadcasts, keep chat limits, and wait out 429s."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from bot.delivery.paced import ChatQueues, PacedMessenger
from bot.delivery.pacing import ChatLimits, Pacer, TokenBucket
from bot.domain.models import Address, PhotoView, Platform, TargetKind
from bot.domain.render import Rendered
from bot.memory_messenger import MemoryMessenger
from bot.messenger import Messenger, Rejected, RetryAfter, TargetGone, Transient

FAST = ChatLimits(private_interval=0.3, shared_interval=0.6)
POST = Rendered("<b>News</b>", ())


def now() -> float:
    return asyncio.get_running_loop().time()


def at(chat: str) -> Address:
    return Address(Platform.TELEGRAM, chat)


def private(_: Address) -> TargetKind:
    return TargetKind.PRIVATE


@dataclass
class TimedMessenger(MemoryMessenger):
    """A memory messenger that notes when each notice went, and can fail notices too."""

    times: list[tuple[str, float]] = field(default_factory=list)

    async def send_notice(self, address: Address, html: str) -> str:
        self._maybe_fail(address)
        self.times.append((address.chat_id, now()))
        return await super().send_notice(address, html)


def paced(
    inner: MemoryMessenger, pacer: Pacer | None = None, max_wait: float = 60.0, backoff: tuple[float, ...] = (0.5,)
) -> PacedMessenger:
    return PacedMessenger(inner, pacer or Pacer(20, FAST), private, max_wait, backoff)


async def take_all(bucket: TokenBucket, takers: list[tuple[str, bool]], done: list[str]) -> None:
    """Queue the takers in the given order (each one only after the previous is waiting), then let them run."""

    async def one(name: str, urgent: bool) -> None:
        await bucket.take(1, urgent)
        done.append(name)

    tasks = []
    for name, urgent in takers:
        tasks.append(asyncio.create_task(one(name, urgent)))
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)


async def test_an_urgent_taker_overtakes_queued_broadcast_sends() -> None:
    bucket, done = TokenBucket(20), list[str]()
    broadcasts = asyncio.create_task(take_all(bucket, [(f"b{n}", False) for n in range(8)], done))
    await asyncio.sleep(0.01)  # the first send went, the second sleeps off its debt, six queue behind it
    started = now()
    await bucket.take(1, urgent=True)
    done.append("reply")
    assert now() - started < 0.08  # one send's debt at most, not eight
    assert done.index("reply") <= 2
    await broadcasts
    assert done[done.index("reply") + 1 :] == [f"b{n}" for n in range(done.index("reply"), 8)]  # still in order


async def test_each_class_is_served_in_arrival_order() -> None:
    bucket, done = TokenBucket(50), list[str]()
    takers = [("b0", False), ("b1", False), ("u0", True), ("b2", False), ("u1", True), ("u2", True)]
    await take_all(bucket, takers, done)
    assert done == ["b0", "u0", "u1", "u2", "b1", "b2"]


async def test_overtaking_keeps_the_rate() -> None:
    bucket, done = TokenBucket(20), list[str]()
    started = now()
    await take_all(bucket, [(f"t{n}", n % 3 == 0) for n in range(10)], done)
    assert now() - started >= 9 / 20 * 0.95  # the first one on the burst, nine at 20 a second
    assert sorted(done) == sorted(f"t{n}" for n in range(10))


async def test_a_costly_taker_sleeps_off_its_own_debt() -> None:
    bucket = TokenBucket(20)
    started = now()
    await bucket.take(3)  # an album of three on a burst of one: two twentieths of debt before it goes
    assert 0.09 <= now() - started < 0.2


async def test_cancelled_takers_leave_the_queue_intact() -> None:
    bucket, done = TokenBucket(20), list[str]()

    async def one(name: str) -> None:
        await bucket.take()
        done.append(name)

    tasks = {name: asyncio.create_task(one(name)) for name in ("a", "b", "c", "d")}
    await asyncio.sleep(0.01)  # a went, b sleeps off its debt, c and d wait
    tasks["b"].cancel()
    tasks["c"].cancel()
    await asyncio.gather(*tasks.values(), return_exceptions=True)
    assert done == ["a", "d"]
    started = now()
    await asyncio.wait_for(bucket.take(urgent=True), 1)
    assert now() - started < 0.08  # b's refunded tokens did not become a debt for anyone


async def test_a_reply_waits_out_a_429_and_is_delivered_once() -> None:
    inner, pacer = MemoryMessenger(), Pacer(20, FAST)
    inner.faults["1"] = [RetryAfter("too many requests", 0.2)]
    started = now()
    copy = await paced(inner, pacer).send_post(at("1"), POST, "key")
    assert now() - started >= 0.2
    assert [sent.message_ids for sent in inner.copies] == [copy.message_ids]
    assert pacer.throttled == 1


async def test_the_total_wait_is_bounded() -> None:
    inner = MemoryMessenger()
    inner.faults["1"] = [RetryAfter("too many requests", 0.3) for _ in range(10)]
    started = now()
    with pytest.raises(RetryAfter):
        await paced(inner, max_wait=0.5).send_post(at("1"), POST, "key")
    assert now() - started < 0.7
    assert not inner.copies


async def test_a_chat_booked_past_the_bound_fails_at_once() -> None:
    pacer = Pacer(20, FAST)
    pacer.on_retry_after("1", 3600)
    with pytest.raises(RetryAfter):
        await asyncio.wait_for(paced(MemoryMessenger(), pacer).send_post(at("1"), POST, "key"), 1)


@pytest.mark.parametrize("fault", [Rejected("bad html"), TargetGone("blocked")])
async def test_final_faults_are_not_retried(fault: Rejected | TargetGone) -> None:
    inner = MemoryMessenger()
    inner.faults["1"] = [fault, RetryAfter("never reached", 0.1)]
    with pytest.raises(type(fault)):
        await paced(inner).send_post(at("1"), POST, "key")
    assert len(inner.faults["1"]) == 1  # tried once


async def test_transient_faults_are_retried_a_few_times() -> None:
    inner = MemoryMessenger()
    messenger = paced(inner, Pacer(20, ChatLimits(0.01, 0.01)), backoff=(0.01, 0.02, 0.04))
    inner.faults["1"] = [Transient("bad gateway"), Transient("timeout")]
    await messenger.send_post(at("1"), POST, "key")
    assert len(inner.copies) == 1
    inner.faults["2"] = [Transient("down") for _ in range(4)]
    with pytest.raises(Transient):
        await messenger.send_post(at("2"), POST, "key")
    assert not inner.faults["2"]  # one try and three retries


async def test_notices_to_one_chat_are_spaced_and_other_chats_are_not_held_up() -> None:
    inner = TimedMessenger()
    messenger = paced(inner)
    await asyncio.gather(*(messenger.send_notice(at(chat), "hi") for chat in ("1", "1", "1", "2")))
    times = {chat: [when for sent, when in inner.times if sent == chat] for chat in ("1", "2")}
    assert times["1"][1] - times["1"][0] < 0.2  # a private chat takes a burst of two
    assert times["1"][2] - times["1"][0] >= 0.3 * 0.95  # then one per interval
    assert times["2"][0] - times["1"][0] < 0.2


async def test_an_album_books_its_chat_for_each_photo() -> None:
    pacer = Pacer(20, FAST)
    album = Rendered("caption", tuple(PhotoView(n, None) for n in range(3)))
    await paced(MemoryMessenger(), pacer).send_post(at("1"), album, "key")
    assert pacer.chat_wait("1") > 0.45  # three intervals of 0.3 less the burst's one, less the album's global debt


async def test_a_reply_goes_ahead_of_a_broadcast_on_the_same_budget() -> None:
    pacer, inner, order = Pacer(20, FAST), TimedMessenger(), list[str]()

    async def broadcast(n: int) -> None:
        await pacer.take(1)
        order.append(f"b{n}")

    sends = [asyncio.create_task(broadcast(n)) for n in range(8)]
    await asyncio.sleep(0.01)
    await paced(inner, pacer).send_notice(at("admin"), "report")
    order.append("report")
    await asyncio.gather(*sends)
    assert order.index("report") <= 2


async def test_a_call_without_a_chat_waits_for_the_budget_only() -> None:
    pacer = Pacer(20, FAST)
    answers: list[str] = []
    faults = [RetryAfter("too many requests", 0.1)]

    async def answer_callback() -> bool:
        if faults:
            raise faults.pop()
        answers.append("ok")
        return True

    assert await paced(MemoryMessenger(), pacer).call(None, answer_callback) is True
    assert answers == ["ok"] and pacer.throttled == 1 and not pacer._chat_free_at


def test_the_paced_messenger_is_a_messenger() -> None:
    inner = MemoryMessenger()
    messenger: Messenger = PacedMessenger(inner, Pacer(20), private)
    assert messenger.platform == Platform.TELEGRAM and messenger.style is inner.style


def recorder(log: list[str], name: str, seconds: float = 0.0) -> Callable[[], Awaitable[None]]:
    async def job() -> None:
        await asyncio.sleep(seconds)
        log.append(name)

    return job


async def test_chat_queues_keep_each_chats_order_and_run_chats_side_by_side() -> None:
    queues, done = ChatQueues(), list[str]()
    queues.submit("1", recorder(done, "1a", 0.2))
    queues.submit("1", recorder(done, "1b"))
    queues.submit("2", recorder(done, "2a", 0.1))
    assert queues.pending == 3
    started = now()
    await queues.drain(1)
    assert now() - started < 0.3  # the chats did not wait for each other
    assert done == ["2a", "1a", "1b"]
    assert queues.pending == 0 and not queues._queues and not queues._tasks  # idle chats forgotten


async def test_a_failing_job_is_logged_once_and_its_chat_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    queues, done = ChatQueues(), list[str]()

    async def fail() -> None:
        raise Rejected("message is too long")

    queues.submit("1", fail)
    queues.submit("1", recorder(done, "after"))
    with caplog.at_level(logging.WARNING):
        await queues.drain(1)
    assert done == ["after"]
    assert [record.getMessage() for record in caplog.records] == [
        "chat 1: a queued call failed: Rejected: message is too long"
    ]


async def test_closing_chat_queues_cancels_what_is_left() -> None:
    queues, done = ChatQueues(), list[str]()
    queues.submit("1", recorder(done, "slow", 5))
    queues.submit("1", recorder(done, "never"))
    queues.submit("2", recorder(done, "quick"))
    await queues.drain(0.05)
    assert queues.pending == 2
    await queues.close()
    assert done == ["quick"] and queues.pending == 0


async def test_topics_of_one_forum_share_its_pacing() -> None:
    """Telegram limits a forum as one chat: a message to each of two topics is spaced like two to one chat."""
    inner = TimedMessenger()
    pacer = Pacer(20, ChatLimits(private_interval=0.3, shared_interval=0.3))
    messenger = PacedMessenger(inner, pacer, lambda _address: TargetKind.GROUP)
    topics = [Address(Platform.TELEGRAM, "-100", 7), Address(Platform.TELEGRAM, "-100", 8)]
    await asyncio.gather(*(messenger.send_notice(topic, "hi") for topic in topics))
    (_, first), (_, second) = inner.times
    assert second - first >= 0.3 * 0.95
