"""Broadcast progress: the admin's confirmation is edited every few seconds, then a final summary and one
grouped report of the failures to the admin chats."""

import logging
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.loops import Alert, every
from bot.domain.models import Address, DeliveryAction, DeliveryCounts, Platform
from bot.domain.text import escape
from bot.messenger import DeliveryError, Messenger
from bot.reports import Reporter
from storage.base import utcnow
from storage.models import BroadcastReport
from storage.repos import Repos

log = logging.getLogger(__name__)
LISTED_FAILURES = 20


def progress_text(post_id: int, title: str, counts: DeliveryCounts) -> str:
    """A running broadcast."""
    done = counts.sent + counts.failed + counts.skipped
    return (
        f"Publishing post #{post_id} <b>{escape(title)}</b>: {done}/{counts.total} done · "
        f"sent {counts.sent} · failed {counts.failed} · pending {counts.pending}"
    )


def final_text(post_id: int, title: str, counts: DeliveryCounts, seconds: float) -> str:
    """A finished broadcast."""
    return (
        f"Post #{post_id} <b>{escape(title)}</b> delivered in {duration(seconds)}: sent {counts.sent}/{counts.total} · "
        f"failed {counts.failed} · skipped {counts.skipped}"
    )


def duration(seconds: float) -> str:
    """Milliseconds under a second (a small broadcast takes a few), else seconds."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def deletion_text(post_id: int, counts: DeliveryCounts, seconds: float | None) -> str:
    """A running or finished deletion of a post's copies."""
    head = f"Deleting post #{post_id}" if seconds is None else f"Post #{post_id} deleted in {seconds:.1f} s"
    return f"{head}: deleted {counts.deleted} · failed {counts.failed} · pending {counts.pending}"


def failures_text(post_id: int, action: DeliveryAction, failures: list[tuple[str, str]], total: int) -> str:
    """One report of every target where a broadcast or a deletion failed."""
    noun = "target" if total == 1 else "targets"
    if action == DeliveryAction.DELETE:
        copies = "copy" if total == 1 else "copies"
        what = f"{total} {copies} could not be deleted (Telegram deletes only messages younger than 48 hours)"
    else:
        what = f"{total} {noun} could not be reached"
    lines = [f"Post #{post_id}: {what}."]
    lines += [f"• {escape(name)}: {escape(reason)}" for name, reason in failures]
    if total > len(failures):
        lines.append(f"…and {total - len(failures)} more (see /stats {post_id}).")
    return "\n".join(lines)


class ProgressReporter:
    """Edits each running broadcast's progress message every `interval` seconds."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        messengers: Mapping[Platform, Messenger],
        reporter: Reporter,
        interval: float = 3.0,
        on_trouble: Alert | None = None,
    ) -> None:
        self.sessions, self.messengers, self.reporter, self.interval = sessions, messengers, reporter, interval
        self.on_trouble = on_trouble

    async def run(self) -> None:
        """Update progress until cancelled."""
        await every(self.interval, self.tick, "broadcast progress", self.on_trouble)

    async def tick(self) -> None:
        """One round of progress updates; finished broadcasts get their summary and failure report."""
        async with self.sessions() as session:
            repos = Repos.over(session)
            for report in await repos.deliveries.open_reports():
                await self._update(repos, report)
            await session.commit()

    async def _update(self, repos: Repos, report: BroadcastReport) -> None:
        action = DeliveryAction(report.action)
        counts = await repos.deliveries.counts(report.post_id, None if action == DeliveryAction.SEND else action)
        if counts.pending:
            await self._edit(report, await self._text(repos, report, counts, None))
            return
        report.finished_at = utcnow()
        seconds = await self._duration(repos, report, action)
        await self._edit(report, await self._text(repos, report, counts, seconds))
        if counts.failed:
            failures, total = await repos.deliveries.failures(report.post_id, action, LISTED_FAILURES)
            if total:  # failures of a later action (an edit, a delete) are that action's report
                await self.reporter.report(failures_text(report.post_id, action, failures, total))

    async def _duration(self, repos: Repos, report: BroadcastReport, action: DeliveryAction) -> float:
        """A broadcast lasts from its first send to its last; a deletion, or a broadcast that reached no one, from
        the admin's command to this round (deletions keep no time per copy)."""
        span = await repos.deliveries.send_span(report.post_id) if action == DeliveryAction.SEND else None
        first, last = span or (report.started_at, report.finished_at or utcnow())
        return (last - first).total_seconds()

    async def _text(self, repos: Repos, report: BroadcastReport, counts: DeliveryCounts, seconds: float | None) -> str:
        if report.action == DeliveryAction.DELETE:
            return deletion_text(report.post_id, counts, seconds)
        post = await repos.posts.get(report.post_id)
        title = post.title if post else ""
        if seconds is None:
            return progress_text(report.post_id, title, counts)
        return final_text(report.post_id, title, counts, seconds)

    async def _edit(self, report: BroadcastReport, html: str) -> None:
        messenger = self.messengers.get(Platform(report.platform))
        if messenger is None:
            return
        try:
            await messenger.edit_notice(Address(messenger.platform, report.chat_id), report.message_id, html)
        except DeliveryError as error:
            log.warning("could not update progress of post %s: %s", report.post_id, error.reason)
