"""The outbox worker: claims due deliveries in batches, sends them and records every outcome."""

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outcomes import RetryPolicy, record_error, record_sent, record_skipped
from bot.delivery.pacing import TokenBucket
from bot.domain.models import Address, Platform, PostStatus
from bot.domain.render import Rendered, render_post
from bot.messenger import DeliveryError, Messenger, SentCopy, Transient
from storage.models import Delivery, Post, Target
from storage.repos import Repos
from storage.repos.posts import post_view, remember_photo_refs

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

    batch_size: int = 50
    concurrency: int = 8
    idle_seconds: float = 1.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)


class OutboxWorker:
    """Sends pending deliveries through the messenger of each target's platform."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        messengers: Mapping[Platform, Messenger],
        signal: OutboxSignal,
        pacers: Mapping[Platform, TokenBucket],
        config: WorkerConfig = WorkerConfig(),
    ) -> None:
        self.sessions, self.messengers, self.signal = sessions, messengers, signal
        self.pacers, self.config = pacers, config
        self._slots = asyncio.Semaphore(config.concurrency)

    async def run(self) -> None:
        """Recover from a crash, then work the outbox until cancelled."""
        await self.recover()
        while True:
            if not await self.run_once():
                await self.signal.wait(self.config.idle_seconds)

    async def recover(self) -> None:
        """Deliveries a crash left in flight are sent again: at most one batch can be duplicated."""
        async with self.sessions() as session:
            released = await Repos.over(session).deliveries.release_stuck()
            await session.commit()
        if released:
            log.warning("requeued %d deliveries that were in flight at the last stop", released)

    async def run_once(self) -> int:
        """Claim one batch, send it and record the outcomes; the number of deliveries handled."""
        async with self.sessions() as session:
            repos = Repos.over(session)
            batch = await repos.deliveries.claim_due(self.config.batch_size)
            await session.commit()
            if not batch:
                return 0
            jobs = await self._prepare_batch(repos, batch)
            # The session is not shared across tasks: only the network calls run concurrently.
            outcomes = await asyncio.gather(*(self._send(job) for job in jobs))
            for job, outcome in zip(jobs, outcomes, strict=True):
                await self._record(repos, job, outcome)
            await session.commit()
        return len(batch)

    async def _prepare_batch(self, repos: Repos, batch: Sequence[Delivery]) -> "list[Job]":
        """Load the batch's posts and targets in bulk, and render each post once per platform."""
        posts = {post_id: await repos.posts.get(post_id) for post_id in {d.post_id for d in batch}}
        targets = await repos.targets.by_ids({delivery.target_id for delivery in batch})
        renders: dict[tuple[int, Platform], Rendered] = {}
        jobs = (self._prepare(d, posts.get(d.post_id), targets.get(d.target_id), renders) for d in batch)
        return [job for job in jobs if job is not None]

    def _prepare(
        self,
        delivery: Delivery,
        post: Post | None,
        target: Target | None,
        renders: dict[tuple[int, Platform], Rendered],
    ) -> "Job | None":
        """What delivery sends, or None once it is marked skipped."""
        if post is None or target is None or post.status != PostStatus.PUBLISHED:
            record_skipped(delivery, "the post was withdrawn")
            return None
        messenger = self.messengers.get(Platform(target.platform))
        if not target.active or messenger is None:
            record_skipped(delivery, target.inactive_reason or "the platform is not configured")
            return None
        key = (post.id, messenger.platform)
        rendered = renders.get(key) or renders.setdefault(key, render_post(post_view(post), messenger.style))
        address = Address(messenger.platform, target.chat_id, target.thread_id or None)
        return Job(delivery, target, address, rendered, messenger)

    async def _send(self, job: "Job") -> SentCopy | DeliveryError:
        async with self._slots:
            await self.pacers[job.messenger.platform].take(max(1, len(job.rendered.photos)))
            try:
                return await job.messenger.send_post(job.address, job.rendered, key=job.key)
            except DeliveryError as error:
                return error
            except Exception as error:  # an unexpected fault must not lose the rest of the batch
                log.exception("unexpected error delivering %s", job.delivery.id)
                return Transient(f"unexpected error: {type(error).__name__}")

    async def _record(self, repos: Repos, job: "Job", outcome: SentCopy | DeliveryError) -> None:
        if isinstance(outcome, DeliveryError):
            record_error(job.delivery, job.target, outcome, self.config.retry)
            return
        record_sent(job.delivery, outcome)
        await remember_photo_refs(repos.session, job.messenger.platform, dict(outcome.photo_refs))


@dataclass(frozen=True)
class Job:
    """One delivery, loaded and rendered, ready to send."""

    delivery: Delivery
    target: Target
    address: Address
    rendered: Rendered
    messenger: Messenger

    @property
    def key(self) -> str:
        return f"herald-send-{self.delivery.id}"  # stable across retries: Matrix dedups by it
