"""Telegram's broadcast limits as the stand-in enforces them: 30/s in all, ~1/s per chat, 20/min per group."""

import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field


@dataclass
class RateLimits:
    """Sliding windows over accepted sends; a send past a limit gets a 429 with the seconds to wait."""

    global_per_second: int = 30
    private_per_second: int = 1
    shared_per_minute: int = 20
    global_burst: int = 3  # the window may hold a few more: network jitter bunches evenly paced sends
    global_window: float = 2.0  # "about 30/s" is an average: over 2 s, a stall in this server (which stamps
    # arrivals as it gets to them) bunches 0.2 s of sends into a window half as much as it would over 1 s
    burst: int = 1  # extra sends a chat's window tolerates (Telegram lets short bursts pass)
    _global: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def _global_limit(self) -> int:
        return round(self.global_per_second * self.global_window) + self.global_burst

    def admit(self, chat_id: int, shared: bool, cost: int) -> int:
        """0 when the sends are accepted (and counted), else the retry_after in whole seconds."""
        now = time.monotonic()
        window, limit = (60.0, self.shared_per_minute) if shared else (1.0, self.private_per_second)
        waits = [
            _wait(self._global, now, self.global_window, self._global_limit(), cost),
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
