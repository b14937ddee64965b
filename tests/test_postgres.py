"""The outbox on PostgreSQL: concurrent workers claim disjoint batches (SKIP LOCKED), and a broadcast completes."""

import asyncio

from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Platform
from bot.memory_messenger import MemoryMessenger
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.repos import Repos
from tests.conftest import eventually
from tests.factories import publish, subscribe
from tests.test_outbox import worker


async def test_concurrent_claims_are_disjoint_and_every_target_gets_one_copy(postgres_url: str) -> None:
    await asyncio.to_thread(upgrade, postgres_url)
    engine = create_engine(postgres_url)
    sessions = create_sessionmaker(engine)
    try:
        for chat_id in range(60):
            await subscribe(sessions, str(chat_id), "UK")
        await publish(sessions, "UK: Bridge Reopens\nBody")

        async def claim() -> list[int]:
            async with sessions() as session:
                batch = await Repos.over(session).deliveries.claim_due(25)
                await asyncio.sleep(0.05)  # hold the rows while the other worker claims
                await session.commit()
                return [delivery.id for delivery in batch]

        first, second = await asyncio.gather(claim(), claim())
        assert len(first) == len(second) == 25 and not set(first) & set(second)

        messenger = MemoryMessenger()
        outbox = worker(sessions, messenger)
        await outbox.recover()
        pool = OutboxWorker(
            sessions,
            {Platform.TELEGRAM: messenger},
            OutboxSignal(),
            outbox.pacers,
            WorkerConfig(workers=3, batch_size=7),
        )
        task = asyncio.create_task(pool.run())
        await eventually(lambda: len(messenger.copies) >= 60 or task.done(), what="the broadcast")
        task.cancel()
        assert sorted(int(copy.address.chat_id) for copy in messenger.copies) == list(range(60))
    finally:
        await engine.dispose()
