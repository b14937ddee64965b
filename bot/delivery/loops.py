"""Background loops that outlive a failed round: the error is logged and the loop goes on."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def every(seconds: float, step: Callable[[], Awaitable[object]], name: str) -> None:
    """Run step, then wait, until cancelled; a failed step (a locked database, a lost connection) is retried."""
    while True:
        try:
            await step()
        except Exception:
            log.exception("%s failed; trying again in %.0f s", name, seconds)
        await asyncio.sleep(seconds)
