"""Pacing sends to a platform's limits: a global token bucket, per-chat spacing, and backing off on 429s."""

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.domain.models import TargetKind

Clock = Callable[[], float]


@dataclass(eq=False)
class _Taker:
    """One caller waiting in a bucket's queue; `turn` is set to make it look again."""

    tokens: float
    urgent: bool
    turn: asyncio.Event = field(default_factory=asyncio.Event)


async def _doze(event: asyncio.Event, seconds: float) -> None:
    """Sleep for seconds, or less when event is set."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()


class TokenBucket:
    """Allows `rate` tokens a second on average, in bursts of at most `burst`.

    Takers queue in arrival order, urgent ones ahead of the rest. The taker at the head spends its tokens at
    once and sleeps off any debt before it goes, so the next one only starts once the debt is paid. A
    non-urgent taker sleeping off its debt hands its tokens back when an urgent one arrives, and queues again
    at the head of its class: an urgent taker waits for no one's debt but its own."""

    def __init__(self, rate: float, burst: float = 1.0, clock: Clock = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._tokens = burst
        self._stamp = clock()
        self._urgent: deque[_Taker] = deque()
        self._normal: deque[_Taker] = deque()
        self._sleeper: _Taker | None = None  # the head, sleeping off its debt

    def _refill(self) -> None:
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def take(self, tokens: float = 1.0, urgent: bool = False) -> None:
        """Wait until tokens are available, then spend them (urgent callers first, each class in arrival order)."""
        taker = _Taker(tokens, urgent)
        queue = self._urgent if urgent else self._normal
        queue.append(taker)
        if urgent:
            self._preempt()
        try:
            await self._serve(taker)
        finally:
            self._leave(taker, queue)

    def _head(self) -> _Taker | None:
        return self._urgent[0] if self._urgent else self._normal[0] if self._normal else None

    async def _serve(self, taker: _Taker) -> None:
        while True:
            if self._head() is not taker:
                taker.turn.clear()
                await taker.turn.wait()
                continue
            self._refill()
            self._tokens -= taker.tokens
            if self._tokens >= 0 or await self._sleep_debt(taker, -self._tokens / self.rate):
                return

    async def _sleep_debt(self, taker: _Taker, seconds: float) -> bool:
        """Sleep off the debt; False when an urgent taker came first and took the turn (the tokens are back)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        self._sleeper = taker
        # Only _preempt takes the sleeper's place, so a stray wake-up just sleeps on.
        while self._sleeper is taker and (left := deadline - loop.time()) > 0:
            taker.turn.clear()
            await _doze(taker.turn, left)
        if self._sleeper is not taker:
            return False
        self._sleeper = None
        return True

    def _preempt(self) -> None:
        """An urgent taker arrived: a non-urgent one sleeping off its debt gives the turn and its tokens back."""
        sleeper = self._sleeper
        if sleeper is not None and not sleeper.urgent:
            self._give_back(sleeper)
            sleeper.turn.set()

    def _give_back(self, sleeper: _Taker) -> None:
        self._sleeper = None
        self._refill()
        self._tokens = min(self.burst, self._tokens + sleeper.tokens)

    def _leave(self, taker: _Taker, queue: deque[_Taker]) -> None:
        """Out of the queue, done or cancelled; a taker cancelled mid-debt sent nothing, so it pays nothing."""
        if self._sleeper is taker:
            self._give_back(taker)
        queue.remove(taker)
        if (head := self._head()) is not None:
            head.turn.set()


@dataclass(frozen=True)
class ChatLimits:
    """Seconds between messages to one chat: about 1/s in a private chat, 20/min in a group or channel. A private
    chat may take a burst of two (Telegram lets short bursts pass): a preview and its draft notice arrive together,
    and a reply right after a broadcast copy does not wait."""

    private_interval: float = 1.0
    shared_interval: float = 3.0
    private_burst: int = 2
    prune_at: int = 1_000  # chats remembered before the idle ones are forgotten (few are ever still waiting)

    def interval(self, kind: TargetKind) -> float:
        return self.private_interval if kind == TargetKind.PRIVATE else self.shared_interval

    def tolerance(self, kind: TargetKind) -> float:
        """How far ahead of its even spacing a chat may be sent to."""
        return (self.private_burst - 1) * self.private_interval if kind == TargetKind.PRIVATE else 0.0


class Pacer:
    """One platform's limits: chats are spaced out without stalling each other; 429s slow the global rate."""

    RECOVERY_SECONDS = 10.0  # a quiet spell this long after the last 429 lets the rate climb back

    def __init__(self, rate: float, limits: ChatLimits | None = None, clock: Clock = time.monotonic) -> None:
        self.configured_rate = rate
        self.limits = limits or ChatLimits()
        self.clock = clock
        self.bucket = TokenBucket(rate, clock=clock)
        self._chat_free_at: dict[str, float] = {}
        self._last_429 = float("-inf")
        self._prune_at = self.limits.prune_at
        self.throttled = 0

    def chat_wait(self, chat: str) -> float:
        """Seconds until chat may receive its next message (0 when it may now)."""
        return max(0.0, self._chat_free_at.get(chat, 0.0) - self.clock())

    def reserve(self, chat: str, kind: TargetKind, cost: int) -> None:
        """Book chat for cost messages from now."""
        self._book(chat, kind, cost)

    async def wait_for_chat(self, chat: str, kind: TargetKind, cost: int = 1) -> None:
        """Book chat's next free slot for cost messages and sleep until it starts (for sends that cannot be
        deferred to the outbox: interactive replies, previews, reports)."""
        start = self._book(chat, kind, cost)
        if (wait := start - self.clock()) > 0:
            await asyncio.sleep(wait)

    def _book(self, chat: str, kind: TargetKind, cost: int) -> float:
        """Book chat for cost messages from its next free moment; when they may start."""
        if len(self._chat_free_at) >= self._prune_at:
            self._forget_idle_chats()
        # The stored time is when the next message may start: the chat's even spacing less its burst tolerance.
        now, tolerance = self.clock(), self.limits.tolerance(kind)
        free_at = self._chat_free_at.get(chat, 0.0)
        start = max(now, free_at)
        self._chat_free_at[chat] = max(now, free_at + tolerance) + cost * self.limits.interval(kind) - tolerance
        return start

    async def take(self, cost: int, urgent: bool = False) -> None:
        """Wait for cost sends' worth of the global rate; urgent sends go ahead of broadcasts waiting for it."""
        await self.bucket.take(cost, urgent)

    def on_retry_after(self, chat: str | None, seconds: float) -> None:
        """The platform said `too fast`: that chat waits (if the call had one), and the global rate halves
        (down to 1/s)."""
        now = self.clock()
        if chat is not None:
            self._chat_free_at[chat] = max(self._chat_free_at.get(chat, 0.0), now + seconds)
        self.throttled += 1
        if now - self._last_429 >= 1.0:  # one cut per second: a burst of 429s is one signal, not many
            self.bucket.rate = max(1.0, self.bucket.rate / 2)
        self._last_429 = now

    def on_success(self) -> None:
        """After a quiet spell the global rate climbs back towards the configured one."""
        if self.bucket.rate < self.configured_rate and self.clock() - self._last_429 > self.RECOVERY_SECONDS:
            self.bucket.rate = min(self.configured_rate, self.bucket.rate * 1.25)

    def _forget_idle_chats(self) -> None:
        """Only chats that must still wait, or have used part of their burst, matter; the others would be free anyway.
        Memory stays flat in the number of targets, and pruning stays rare even when many chats wait at once (the
        bar rises with them)."""
        horizon = self.clock() - self.limits.tolerance(TargetKind.PRIVATE)
        self._chat_free_at = {chat: at for chat, at in self._chat_free_at.items() if at > horizon}
        self._prune_at = max(self.limits.prune_at, 2 * len(self._chat_free_at))
