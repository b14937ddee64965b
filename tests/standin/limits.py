"""Telegram's broadcast limits as the stand-in enforces them: 30/s in all, ~1/s per chat, 20/min per group."""

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimits:
    """Sliding windows over accepted sends; a send past a limit gets a 429 with the seconds to wait."""

    global_per_second: int = 30
    private_per_second: int = 1
    shared_per_minute: int = 20
    # A 1 s window may hold 20% more: the sender paces evenly, but this server (which stamps a send when it gets to
    # it) and the network bunch sends. Telegram's own limit is "about 30 a second", not an exact window. When this
    # server's event loop stood still (a busy machine), the sends of that time arrive together through no fault of
    # the sender's: the window holds as many more as the limit allows in that time. A sender over the limit still
    # meets 429s (tests/test_standin_limits.py).
    global_burst: int = 6
    burst: int = 1  # extra sends a chat's window tolerates (Telegram lets short bursts pass)
    clock: Callable[[], float] = time.monotonic
    _global: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _stalls: deque[tuple[float, float]] = field(
        default_factory=deque
    )  # (when it ended, seconds) this server stood still

    def stalled(self, seconds: float) -> None:
        """This server's event loop stood still for seconds, ending now."""
        self._stalls.append((self.clock(), seconds))

    def _global_limit(self, now: float) -> int:
        while self._stalls and self._stalls[0][0] <= now - 1.0:
            self._stalls.popleft()
        stood_still = min(1.0, sum(seconds for _, seconds in self._stalls))
        return self.global_per_second + self.global_burst + math.ceil(stood_still * self.global_per_second)

    def admit(self, chat_id: int, shared: bool, cost: int) -> int:
        """0 when the sends are accepted (and counted), else the retry_after in whole seconds."""
        now = self.clock()
        window, limit = (60.0, self.shared_per_minute) if shared else (1.0, self.private_per_second)
        waits = [
            _wait(self._global, now, 1.0, self._global_limit(now), cost),
            _wait(self._chats[chat_id], now, window, limit + self.burst, cost),
        ]
        if max(waits) > 0:
            return max(1, math.ceil(max(waits)))
        for _ in range(cost):
            self._global.append(now)
            self._chats[chat_id].append(now)
        return 0


def _wait(times: deque[float], now: float, window: float, limit: int, cost: int) -> float:
    """Seconds until cost more sends fit in the window (0 when they fit now)."""
    while times and times[0] <= now - window:
        times.popleft()
    if len(times) + cost <= limit or not times:  # an album of up to 10 goes into a quiet chat whole, as on Telegram
        return 0.0
    index = len(times) + cost - limit - 1
    return times[index] + window - now if index < len(times) else window
