"""Running the outbox's worker pool until a broadcast is done. Kept apart from the benchmarks' set-up, so that
the process P5 measures imports only what `herald run` imports."""

import asyncio
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.worker import OutboxWorker
from storage.repos import Repos


async def run_pool_until_done(
    outbox: OutboxWorker,
    sessions: async_sessionmaker[AsyncSession],
    total: int,
    on_progress: Callable[[int], None] = lambda done: None,
) -> None:
    """Run the worker pool as `herald run` does until total deliveries are finished, reporting progress."""
    pool = asyncio.create_task(outbox.run())
    try:
        done = 0
        while done < total:
            await asyncio.sleep(0.25)
            async with sessions() as session:
                counts = await Repos.over(session).deliveries.counts()
            done = counts.sent + counts.failed + counts.skipped
            on_progress(done)
            if pool.done():
                pool.result()  # a crashed pool raises here
    finally:
        pool.cancel()
