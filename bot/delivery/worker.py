"""The outbox worker: claims due deliveries in batches, sends them and records every outcome."""

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalogues import Catalogues
from bot.delivery.jobs import Job, Renders, prepare
from bot.delivery.loops import Alert, Backoff
from bot.delivery.outcomes import RetryPolicy, Unexpected, defer, follow_up, record_done, record_error
from bot.delivery.pacing import Pacer
from bot.domain.models import Platform, TargetKind
from bot.messenger import DeliveryError, Messenger, RetryAfter, SentCopy
from storage.base import utcnow
from storage.models import Delivery
from storage.repos import Repos
from storage.repos.posts import remember_photo_refs
from storage.uow import UnitOfWork, UnitsOfWork

log = logging.getLogger(__name__)


class OutboxSignal:
    """Wakes the worker as soon as deliveries are queued, instead of waiting for its next poll."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def wake(self) -> None:
        self._event.set()

    def wake_after_commit(self, session: AsyncSession) -> None:
        """Wake the worker once session commits (waking it earlier would find nothing to claim)."""
        event.listen(session.sync_session, "after_commit", lambda _session: self.wake(), once=True)

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)
        self._event.clear()


@dataclass(frozen=True)
class WorkerConfig:
    """Batch size, send concurrency, idle poll interval and the retry policy."""

    workers: int = 1  # on SQLite one writer is fastest; on PostgreSQL SKIP LOCKED lets several run
    batch_size: int = 50  # per worker: at most workers × batch_size sends are in flight at a crash
    concurrency: int = 8
    idle_seconds: float = 1.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def in_flight_bound(self) -> int:
        """The most sends a crash can repeat: every worker's claimed batch."""
        return self.workers * self.batch_size


class OutboxWorker:
    """Sends pending deliveries through the messenger of each target's platform."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        messengers: Mapping[Platform, Messenger],
        signal: OutboxSignal,
        pacers: Mapping[Platform, Pacer],
        config: WorkerConfig = WorkerConfig(),
        on_trouble: Alert | None = None,
        *,
        catalogues: Catalogues | None = None,
    ) -> None:
        self.units, self.messengers, self.signal = UnitsOfWork(sessions), messengers, signal
        self.pacers, self.config, self.on_trouble = pacers, config, on_trouble
        self.catalogues = catalogues or Catalogues()  # each copy's frame in its target's language
        self._slots = asyncio.Semaphore(config.concurrency)
        self._namespace: str | None = None

    async def run(self) -> None:
        """Recover from a crash, then work the outbox with a fixed pool of workers until cancelled."""
        await self.recover()
        async with asyncio.TaskGroup() as pool:
            for number in range(self.config.workers):
                pool.create_task(self._work(number), name=f"outbox-worker-{number}")

    async def _work(self, number: int = 0) -> None:
        """Rounds until cancelled; a failed round (a locked database, a lost connection) backs off, and a new
        post does not cut the pause short: it would meet the same fault."""
        name = "outbox" if self.config.workers == 1 else f"outbox worker {number}"
        backoff = Backoff(name, self.config.idle_seconds, self.on_trouble)
        while True:
            try:
                handled = await self.run_once()
            except Exception as error:
                await asyncio.sleep(await backoff.failed(error))
                continue
            await backoff.succeeded()
            if not handled:
                await self.signal.wait(self.config.idle_seconds)

    async def recover(self) -> None:
        """Deliveries a crash left in flight are sent again: at most `config.in_flight_bound` can be duplicated."""
        async with self.units() as uow:
            released = await uow.repos.deliveries.release_stuck()
            self._namespace = await uow.repos.meta.instance_id()  # committed before any send uses it in a key
            await uow.commit()
        if released:
            log.warning("requeued %d deliveries that were in flight at the last stop", released)

    async def run_once(self) -> int:
        """Claim one batch, send it and record the outcomes; the number of deliveries handled."""
        async with self.units() as uow:
            repos = uow.repos
            batch = await repos.deliveries.claim_due(self.config.batch_size)
            if self._namespace is None:  # without recover(): created now, so no write stays open during the sends
                self._namespace = await repos.meta.instance_id()
            await uow.commit()  # the claim: the batch is ours before any send
            if not batch:
                return 0
            ids = [delivery.id for delivery in batch]  # read now: a rollback expires the objects
            try:
                await self._work_off(uow, batch)
            except Exception:
                await uow.rollback()
                await self._release(ids)
                raise
            # A stop (CancelledError) writes nothing more: the batch stays `sending`, and the next start's
            # recover() puts it back. Writing here could wait on a lock held by another cancelled task, and an
            # error raised while stopping would turn the stop into an ordinary failure that the loop retries.
        return len(batch)

    async def _release(self, ids: list[int]) -> None:
        """A round that failed after its claim puts its deliveries back, so no restart is needed to send them."""
        async with self.units() as uow:
            await uow.repos.deliveries.release(ids)
            await uow.commit()

    async def _work_off(self, uow: UnitOfWork, batch: Sequence[Delivery]) -> None:
        """Send a claimed batch and record every outcome in one commit."""
        repos = uow.repos
        jobs = self._pace(await self._prepare_batch(repos, batch))
        # The session is not shared across tasks: only the network calls run concurrently.
        outcomes = await asyncio.gather(*(self._timed_send(job) for job in jobs))
        # Re-read each post: an edit or delete committed while we were sending must follow those copies.
        current = await repos.posts.revisions({job.post.id for job in jobs})
        for job, (outcome, at) in zip(jobs, outcomes, strict=True):
            await self._record(repos, job, outcome, current[job.post.id], at)
        await uow.commit()

    async def _prepare_batch(self, repos: Repos, batch: Sequence[Delivery]) -> list[Job]:
        """Load the batch's posts and targets in bulk; each post is rendered once per platform."""
        posts = {post_id: await repos.posts.get(post_id) for post_id in {d.post_id for d in batch}}
        targets = await repos.targets.by_ids({delivery.target_id for delivery in batch})
        renders = Renders(self.catalogues)
        namespace = self._namespace or await repos.meta.instance_id()
        jobs = (
            prepare(d, posts.get(d.post_id), targets.get(d.target_id), self.messengers, renders, namespace)
            for d in batch
        )
        return [job for job in jobs if job is not None]

    def _pace(self, jobs: list[Job]) -> list[Job]:
        """Jobs whose chat may receive now; the others wait in the outbox for their chat, blocking no one."""
        ready = []
        for job in jobs:
            pacer, chat = self.pacers[job.messenger.platform], job.address.chat_id  # a forum is one chat
            if (wait := pacer.chat_wait(chat)) > 0:
                defer(job.delivery, wait)
                continue
            pacer.reserve(chat, TargetKind(job.target.kind), job.cost)
            ready.append(job)
        return ready

    async def _timed_send(self, job: Job) -> tuple[SentCopy | DeliveryError, datetime]:
        """The outcome and when it came: a batch is recorded at once, but its sends are spread by the pacer."""
        outcome = await self._send(job)
        return outcome, utcnow()

    async def _send(self, job: Job) -> SentCopy | DeliveryError:
        pacer = self.pacers[job.messenger.platform]
        async with self._slots:
            await pacer.take(job.cost)
            try:
                copy = await job.perform()
            except RetryAfter as error:
                pacer.on_retry_after(job.address.chat_id, error.seconds)
                return error
            except DeliveryError as error:
                return error
            except Exception as error:  # our own bug: fail this delivery alone, logged when it is recorded
                return Unexpected(error)
            pacer.on_success()
            return copy

    async def _record(
        self, repos: Repos, job: Job, outcome: SentCopy | DeliveryError, current: tuple[int, str], at: datetime
    ) -> None:
        if isinstance(outcome, DeliveryError):
            record_error(job.delivery, job.target, outcome, self.config.retry)
            return
        record_done(job.delivery, job.action, outcome, job.revision, at)
        follow_up(job.delivery, *current)
        await remember_photo_refs(repos.session, job.messenger.platform, dict(outcome.photo_refs))
