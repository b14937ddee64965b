"""Pacing sends to a platform's limits: a global token bucket, per-chat spacing, and backing off on 429s."""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.models import TargetKind

Clock = Callable[[], float]


class TokenBucket:
    """Allows `rate` tokens a second on average, in bursts of at most `burst`."""

    def __init__(self, rate: float, burst: float = 1.0, clock: Clock = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._tokens = burst
        self._stamp = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def take(self, tokens: float = 1.0) -> None:
        """Wait until tokens are available, then spend them (callers queue in arrival order)."""
        async with self._lock:
            self._refill()
            self._tokens -= tokens
            if self._tokens < 0:
                await asyncio.sleep(-self._tokens / self.rate)


@dataclass(frozen=True)
class ChatLimits:
    """Seconds between messages to one chat: about 1/s in a private chat, 20/min in a group or channel."""

    private_interval: float = 1.0
    shared_interval: float = 3.0
    prune_at: int = 1_000  # chats remembered before the idle ones are forgotten (few are ever still waiting)

    def interval(self, kind: TargetKind) -> float:
        return self.private_interval if kind == TargetKind.PRIVATE else self.shared_interval


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
        if len(self._chat_free_at) >= self._prune_at:
            self._forget_idle_chats()
        start = max(self.clock(), self._chat_free_at.get(chat, 0.0))
        self._chat_free_at[chat] = start + cost * self.limits.interval(kind)

    async def take(self, cost: int) -> None:
        """Wait for cost sends' worth of the global rate."""
        await self.bucket.take(cost)

    def on_retry_after(self, chat: str, seconds: float) -> None:
        """The platform said `too fast`: that chat waits, and the global rate halves (down to 1/s)."""
        now = self.clock()
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
        """Only chats that must still wait matter; the others would be free anyway. Memory stays flat in the
        number of targets, and pruning stays rare even when many chats wait at once (the bar rises with them)."""
        now = self.clock()
        self._chat_free_at = {chat: at for chat, at in self._chat_free_at.items() if at > now}
        self._prune_at = max(self.limits.prune_at, 2 * len(self._chat_free_at))
