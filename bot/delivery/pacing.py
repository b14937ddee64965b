"""Token buckets that pace sends to a platform's limits."""

import asyncio
import time


class TokenBucket:
    """Allows `rate` tokens a second on average, in bursts of at most `burst`."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate)
        self._tokens = self.burst
        self._stamp = time.monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def take(self, tokens: float = 1.0) -> None:
        """Wait until tokens are available, then spend them (callers queue in arrival order)."""
        async with self._lock:
            self._refill()
            self._tokens -= tokens
            if self._tokens < 0:
                await asyncio.sleep(-self._tokens / self.rate)
