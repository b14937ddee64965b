"""Broadcast progress: the admin's confirmation is edited every few seconds, then a final summary and one
grouped report of the failures to the admin chats."""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.catalogues import Catalogues
from bot.delivery.loops import Alert, every
from bot.domain.models import Address, DeliveryAction, DeliveryCounts, Platform
from bot.domain.reasons import said
from bot.domain.voice import Voice, Wording
from bot.messenger import DeliveryError, Messenger
from bot.reports import Reporter, stored_voice
from storage.base import utcnow
from storage.models import BroadcastReport
from storage.repos import Repos
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)
LISTED_REASONS = 10
REASON_LIMIT = 200
_ID = re.compile(r"-?\d{5,}")  # Telegram ids have 5 digits or more; counts and codes fewer


def progress_text(post_id: int, title: str, counts: DeliveryCounts, voice: Voice) -> str:
    """A running broadcast."""
    done = counts.sent + counts.failed + counts.skipped
    values = {"sent": counts.sent, "failed": counts.failed, "pending": counts.pending, "total": counts.total}
    return voice.fill(texts.PROGRESS, id=post_id, title=title, done=done, **values)


def final_text(post_id: int, title: str, counts: DeliveryCounts, seconds: float, voice: Voice) -> str:
    """A finished broadcast."""
    values = {"sent": counts.sent, "failed": counts.failed, "skipped": counts.skipped, "total": counts.total}
    return voice.fill(texts.DELIVERED, id=post_id, title=title, duration=duration(seconds, voice), **values)


def duration(seconds: float, voice: Voice) -> str:
    """Milliseconds under a second (a small broadcast takes a few), else seconds."""
    if seconds < 1:
        return voice.plain(texts.MILLISECONDS, value=f"{seconds * 1000:.0f}")
    return voice.plain(texts.SECONDS, value=voice.decimal(seconds))


def deletion_text(post_id: int, counts: DeliveryCounts, seconds: float | None, voice: Voice) -> str:
    """A running or finished deletion of a post's copies."""
    values = {"id": post_id, "deleted": counts.deleted, "failed": counts.failed, "pending": counts.pending}
    if seconds is None:
        return voice.fill(texts.DELETING_PROGRESS, **values)
    return voice.fill(texts.DELETED_IN, duration=duration(seconds, voice), **values)


def failures_text(
    post_id: int, action: DeliveryAction, reasons: list[tuple[str, int]], total: int, voice: Voice
) -> str:
    """One report of a broadcast's or a deletion's failures: how many, and why, grouped by reason. No reader is
    named here (every member of the admin chats reads it); `/stats ID` lists the targets, in private."""
    head = texts.FAILED_DELETES if action == DeliveryAction.DELETE else texts.FAILED_SENDS
    lines = [
        voice.fill(texts.FAILURE_REASON, reason=general(said(reason, voice)), count=count) for reason, count in reasons
    ]
    return "\n".join([voice.plural(head, total, id=post_id), *lines, voice.fill(texts.FAILURES_DETAIL, id=post_id)])


def general(reason: str) -> str:
    """A failure's reason without any chat or user id it may quote, and short."""
    return _ID.sub("…", reason)[:REASON_LIMIT]


class ProgressReporter:
    """Edits each running broadcast's progress message every `interval` seconds."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        messengers: Mapping[Platform, Messenger],
        reporter: Reporter,
        interval: float = 3.0,
        on_trouble: Alert | None = None,
        *,
        catalogues: Catalogues | None = None,
    ) -> None:
        self.units, self.messengers, self.reporter = UnitsOfWork(sessions), messengers, reporter
        self.interval, self.on_trouble = interval, on_trouble
        self.catalogues = catalogues or Catalogues()

    async def run(self) -> None:
        """Update progress until cancelled."""
        await every(self.interval, self.tick, "broadcast progress", self.on_trouble)

    async def tick(self) -> None:
        """One round of progress updates; finished broadcasts get their summary and failure report."""
        async with self.units() as uow:
            rounds = [await self._progress(uow.repos, report) for report in await uow.repos.deliveries.open_reports()]
            await uow.commit()  # before the edits: they may wait on the platform's limits, and no lock is held then
        for progress in rounds:
            await self._edit(progress)
            if progress.failures is not None:
                await self.reporter.render_each(progress.failures)

    async def _progress(self, repos: Repos, report: BroadcastReport) -> "Progress":
        action = DeliveryAction(report.action)
        counts = await repos.deliveries.counts(report.post_id, None if action == DeliveryAction.SEND else action)
        at = (Platform(report.platform), report.chat_id, report.message_id, report.post_id)
        voice = await stored_voice(self.catalogues, repos, Address(*at[:2]))  # the chat the admin published in
        if counts.pending:
            return Progress(*at, await self._text(repos, report, counts, None, voice))
        report.finished_at = utcnow()
        seconds = await self._duration(repos, report, action)
        progress = Progress(*at, await self._text(repos, report, counts, seconds, voice))
        if not counts.failed:
            return progress
        reasons, total = await repos.deliveries.failures(report.post_id, action, LISTED_REASONS)
        if not total:  # failures of a later action (an edit, a delete) are that action's report
            return progress
        return replace(progress, failures=lambda voice: failures_text(report.post_id, action, reasons, total, voice))

    async def _duration(self, repos: Repos, report: BroadcastReport, action: DeliveryAction) -> float:
        """A broadcast lasts from its first send to its last; a deletion, or a broadcast that reached no one, from
        the admin's command to this round (deletions keep no time per copy)."""
        span = await repos.deliveries.send_span(report.post_id) if action == DeliveryAction.SEND else None
        first, last = span or (report.started_at, report.finished_at or utcnow())
        return (last - first).total_seconds()

    async def _text(
        self, repos: Repos, report: BroadcastReport, counts: DeliveryCounts, seconds: float | None, voice: Voice
    ) -> str:
        if report.action == DeliveryAction.DELETE:
            return deletion_text(report.post_id, counts, seconds, voice)
        post = await repos.posts.get(report.post_id)
        title = post.title if post else ""
        if seconds is None:
            return progress_text(report.post_id, title, counts, voice)
        return final_text(report.post_id, title, counts, seconds, voice)

    async def _edit(self, progress: "Progress") -> None:
        messenger = self.messengers.get(progress.platform)
        if messenger is None:
            return
        try:
            await messenger.edit_notice(
                Address(progress.platform, progress.chat_id), progress.message_id, progress.html
            )
        except DeliveryError as error:
            log.warning("could not update progress of post %s: %s", progress.post_id, error.reason)


@dataclass(frozen=True)
class Progress:
    """What one round shows of a broadcast: its message's new text, and once it finished with failures, their
    report for the admin chats (said in each chat's voice)."""

    platform: Platform
    chat_id: str
    message_id: str
    post_id: int
    html: str
    failures: Wording | None = None
