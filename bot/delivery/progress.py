"""Broadcast progress: the admin's confirmation is edited every few seconds, then a final summary and one
grouped report of the failures to the admin chats."""

import asyncio
import logging
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.models import Address, DeliveryCounts, Platform
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
        f"Post #{post_id} <b>{escape(title)}</b> delivered in {seconds:.1f} s: sent {counts.sent}/{counts.total} · "
        f"failed {counts.failed} · skipped {counts.skipped}"
    )


def failures_text(post_id: int, failures: list[tuple[str, str]], total: int) -> str:
    """One report of every target a broadcast could not reach."""
    lines = [f"Post #{post_id}: {total} target{'s' if total != 1 else ''} could not be reached."]
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
    ) -> None:
        self.sessions, self.messengers, self.reporter, self.interval = sessions, messengers, reporter, interval

    async def run(self) -> None:
        """Update progress until cancelled."""
        while True:
            await self.tick()
            await asyncio.sleep(self.interval)

    async def tick(self) -> None:
        """One round of progress updates; finished broadcasts get their summary and failure report."""
        async with self.sessions() as session:
            repos = Repos.over(session)
            for report in await repos.deliveries.open_reports():
                await self._update(repos, report)
            await session.commit()

    async def _update(self, repos: Repos, report: BroadcastReport) -> None:
        post = await repos.posts.get(report.post_id)
        counts = await repos.deliveries.counts(report.post_id)
        title = post.title if post else ""
        if counts.pending:
            await self._edit(report, progress_text(report.post_id, title, counts))
            return
        report.finished_at = utcnow()
        seconds = (report.finished_at - report.started_at).total_seconds()
        await self._edit(report, final_text(report.post_id, title, counts, seconds))
        if counts.failed:
            failures, total = await repos.deliveries.failures(report.post_id, LISTED_FAILURES)
            await self.reporter.report(failures_text(report.post_id, failures, total))

    async def _edit(self, report: BroadcastReport, html: str) -> None:
        messenger = self.messengers.get(Platform(report.platform))
        if messenger is None:
            return
        try:
            await messenger.edit_notice(Address(messenger.platform, report.chat_id), report.message_id, html)
        except DeliveryError as error:
            log.warning("could not update progress of post %s: %s", report.post_id, error.reason)
