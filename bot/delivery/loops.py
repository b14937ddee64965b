"""Background loops that outlive a failed round: they back off, log briefly and tell the admins once."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot import texts
from bot.domain.voice import Wording

log = logging.getLogger(__name__)

Alert = Callable[[Wording], Awaitable[None]]  # tells the admin chats, each in its language
CAP_SECONDS = 60.0
ALERT_AFTER = 3  # failures in a row before the admin chats hear of it: one locked database is no news


class Backoff:
    """One loop's run of failures: how long to wait before the next try, what to log, whom to tell."""

    def __init__(
        self,
        name: str,
        seconds: float,
        on_trouble: Alert | None = None,
        cap: float = CAP_SECONDS,
        alert_after: int = ALERT_AFTER,
    ) -> None:
        self.name, self.seconds, self.on_trouble = name, seconds, on_trouble
        self.cap, self.alert_after = max(cap, seconds), alert_after
        self.failures = 0

    def delay(self) -> float:
        """The wait before the next try: the loop's interval, doubled with each failure in a row, capped."""
        if not self.failures:
            return self.seconds
        return min(self.cap, self.seconds * 2.0 ** (self.failures - 1))

    async def failed(self, error: Exception) -> float:
        """Log a failure (the traceback only the first time) and alert once; the wait before the next try."""
        self.failures += 1
        wait = self.delay()
        if self.failures == 1:
            log.error("%s failed; trying again in %.3g s", self.name, wait, exc_info=error)
        else:
            log.warning("%s failed %d times in a row (%s); next try in %.3g s", self.name, self.failures,
                        _brief(error), wait)  # fmt: skip
        if self.failures == self.alert_after:
            values = {"name": self._named, "error": _brief(error), "cap": f"{self.cap:.0f}"}
            count = self.failures
            await self._tell(lambda voice: voice.plural(texts.LOOP_FAILING, count, **values))
        return wait

    async def succeeded(self) -> None:
        """End a run of failures: logged, and told to the admins if they heard of the trouble."""
        if not self.failures:
            return
        failures, self.failures = self.failures, 0
        log.warning("%s works again after %d failures", self.name, failures)
        if failures >= self.alert_after:
            await self._tell(lambda voice: voice.plural(texts.LOOP_RECOVERED, failures, name=self._named))

    @property
    def _named(self) -> str:
        """The loop's name as the admins read it (a phrase of `bot.texts` when it has one)."""
        return texts.LOOP_NAMES.get(self.name, self.name)

    async def _tell(self, wording: Wording) -> None:
        if self.on_trouble is None:
            return
        try:
            await self.on_trouble(wording)
        except Exception:  # the admins are unreachable too: the log says it all
            log.warning("could not tell the admin chats about %s", self.name, exc_info=True)


def _brief(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


Step = Callable[[], Awaitable[object]]


async def every(seconds: float, step: Step, name: str, on_trouble: Alert | None = None) -> None:
    """Run step, then wait, until cancelled; a failed step (a locked database, a lost connection) is retried with
    exponential backoff, and on_trouble hears once when it keeps failing and once when it recovers."""
    backoff = Backoff(name, seconds, on_trouble)
    while True:
        try:
            await step()
        except Exception as error:
            await asyncio.sleep(await backoff.failed(error))
            continue
        await backoff.succeeded()
        await asyncio.sleep(seconds)
