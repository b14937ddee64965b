"""A person's flood of commands in one chat is told once to slow down, and the rest are not run."""

import time
from collections import deque
from collections.abc import Callable
from enum import StrEnum

FLOOD_COMMANDS = 20  # more than this many commands
FLOOD_SECONDS = 10.0  # within this many seconds, from one person in one chat, is a flood
KEPT_SENDERS = 4096  # past this many senders, those quiet for a window are forgotten: memory stays flat


class Verdict(StrEnum):
    RUN = "run"
    WARN = "warn"  # the first command past the limit: answered with "slow down" instead of run
    DROP = "drop"  # any further one while the flood lasts: neither run nor answered


class FloodGate:
    """Counts each sender's recent commands in a chat; a flood lasts until the sender pauses long enough that
    fewer than `limit` of their commands fall within `window` seconds (dropped ones count too)."""

    def __init__(
        self,
        limit: int = FLOOD_COMMANDS,
        window: float = FLOOD_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._recent: dict[str, deque[float]] = {}
        self._warned: set[str] = set()

    def admit(self, sender: str) -> Verdict:
        """Whether the sender's command runs now, is answered with a warning, or is dropped."""
        now = self.clock()
        self._forget_quiet(now)
        recent = self._recent.setdefault(sender, deque(maxlen=self.limit))
        flooded = len(recent) == self.limit and now - recent[0] < self.window
        recent.append(now)
        if not flooded:
            self._warned.discard(sender)
            return Verdict.RUN
        if sender in self._warned:
            return Verdict.DROP
        self._warned.add(sender)
        return Verdict.WARN

    def _forget_quiet(self, now: float) -> None:
        if len(self._recent) < KEPT_SENDERS:
            return
        quiet = [sender for sender, times in self._recent.items() if now - times[-1] >= self.window]
        for sender in quiet:
            del self._recent[sender]
            self._warned.discard(sender)
