"""The outbox: deliveries of posts to targets."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.models import Address, DeliveryAction, DeliveryCounts, DeliveryState
from bot.domain.reasons import Reason, code
from storage.base import utcnow
from storage.models import BroadcastReport, Delivery, Target, TargetRegion


class DeliveryRepo:
    """Delivery rows, created in bulk at publish time and worked off by the outbox worker."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue_post(self, post_id: int, region_key: str) -> int:
        """Create one pending delivery for every active target whose filter matches, in one statement."""
        matches = select(TargetRegion.target_id).where(TargetRegion.region_key == region_key)
        queued = select(Delivery.target_id).where(Delivery.post_id == post_id)
        targets = select(
            literal(post_id), Target.id, literal(DeliveryState.PENDING.value), literal(0), literal(utcnow())
        ).where(
            Target.active.is_(True),
            or_(Target.all_regions.is_(True), Target.id.in_(matches)),
            Target.id.not_in(queued),  # at most once per target, also when an edit moves the post to a new region
        )
        statement = insert(Delivery).from_select(
            ["post_id", "target_id", "state", "attempts", "next_attempt_at"], targets
        )
        result = await self.session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)

    async def claim_due(self, limit: int, now: datetime | None = None) -> Sequence[Delivery]:
        """Move up to limit due pending deliveries to `sending` and return them.

        One UPDATE … RETURNING claims them, so concurrent workers (or processes, on PostgreSQL with SKIP LOCKED)
        never claim the same row.
        """
        now = now or utcnow()
        due = (
            select(Delivery.id)
            .where(Delivery.state == DeliveryState.PENDING, Delivery.next_attempt_at <= now)
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .cte("due")  # a CTE runs once: PostgreSQL may re-run an IN (… LIMIT) subquery and claim too many
        )
        claim = (
            update(Delivery)
            .where(Delivery.id.in_(select(due.c.id)), Delivery.state == DeliveryState.PENDING)
            .values(state=DeliveryState.SENDING, attempts=Delivery.attempts + 1)
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        )
        ids = list(await self.session.scalars(claim))
        if not ids:
            return []
        claimed = await self.session.scalars(
            select(Delivery).where(Delivery.id.in_(ids)).execution_options(populate_existing=True)
        )
        return list(claimed)

    async def requeue_copies(self, post_id: int, action: DeliveryAction) -> int:
        """Queue an edit or a delete of every delivered copy of a post; how many copies there are."""
        result = await self.session.execute(
            update(Delivery)
            .where(Delivery.post_id == post_id, _has_copy())
            .values(action=action, state=DeliveryState.PENDING, attempts=0, next_attempt_at=utcnow())
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def skip_unsent(self, post_id: int, reason: str) -> int:
        """Withdraw the sends of a post that have not gone out yet."""
        result = await self.session.execute(
            update(Delivery)
            .where(
                Delivery.post_id == post_id,
                Delivery.state == DeliveryState.PENDING,
                Delivery.action == DeliveryAction.SEND,
            )
            .values(state=DeliveryState.SKIPPED, last_error=reason)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def track(self, post_id: int, action: DeliveryAction, address: Address, message_id: str) -> None:
        """Show the progress of post's broadcast (or deletion) in the message at address."""
        report = await self.session.get(BroadcastReport, (post_id, action.value))
        if report is None:
            report = BroadcastReport(post_id=post_id, action=action)
            self.session.add(report)
        report.platform, report.chat_id, report.message_id = address.platform, address.chat_id, message_id
        report.started_at, report.finished_at = utcnow(), None
        await self.session.flush()

    async def send_span(self, post_id: int) -> tuple[datetime, datetime] | None:
        """When the first and the last copy of a post went out (None while none has)."""
        query = select(func.min(Delivery.sent_at), func.max(Delivery.sent_at)).where(
            Delivery.post_id == post_id, Delivery.sent_at.is_not(None)
        )
        first, last = (await self.session.execute(query)).one()
        return (first, last) if first is not None and last is not None else None

    async def open_reports(self) -> Sequence[BroadcastReport]:
        """Progress messages of broadcasts that have not finished."""
        query = select(BroadcastReport).where(BroadcastReport.finished_at.is_(None)).order_by(BroadcastReport.post_id)
        return list(await self.session.scalars(query))

    async def failures(self, post_id: int, action: DeliveryAction, limit: int) -> tuple[list[tuple[str, int]], int]:
        """Up to limit reasons why a post's action failed, each with how many targets it hit (most first), and
        how many failed in all. No target is named: the report goes to every member of the admin chats."""
        failed = (Delivery.post_id == post_id, Delivery.state == DeliveryState.FAILED, Delivery.action == action)
        reason, count = func.coalesce(Delivery.last_error, code(Reason.UNKNOWN)), func.count()
        query = select(reason, count).where(*failed).group_by(reason).order_by(count.desc(), reason)
        rows = (await self.session.execute(query.limit(limit))).all()
        total = await self.session.scalar(select(func.count()).where(*failed))
        return [(str(why), int(n)) for why, n in rows], int(total or 0)

    async def failed_chats(self, post_id: int, limit: int) -> tuple[list[tuple[str, str]], int]:
        """Up to limit chats (by id, never by name) where a post's last action failed, with the reason, and how
        many failed in all."""
        failed = (Delivery.post_id == post_id, Delivery.state == DeliveryState.FAILED)
        query = select(Target.chat_id, Delivery.last_error).join(Target, Target.id == Delivery.target_id)
        rows = (await self.session.execute(query.where(*failed).order_by(Delivery.id).limit(limit))).all()
        total = await self.session.scalar(select(func.count()).where(*failed))
        return [(chat_id, error or code(Reason.UNKNOWN)) for chat_id, error in rows], int(total or 0)

    async def release(self, ids: list[int]) -> None:
        """Put claimed deliveries back to pending (their round failed before it recorded anything)."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids), Delivery.state == DeliveryState.SENDING)
            .values(state=DeliveryState.PENDING, attempts=Delivery.attempts - 1)
        )

    async def release_stuck(self) -> int:
        """After a crash: deliveries left in `sending` go back to pending (at most those were in flight)."""
        result = await self.session.execute(
            update(Delivery).where(Delivery.state == DeliveryState.SENDING).values(state=DeliveryState.PENDING)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def next_due_at(self) -> datetime | None:
        """When the earliest pending delivery becomes due."""
        return await self.session.scalar(
            select(func.min(Delivery.next_attempt_at)).where(Delivery.state == DeliveryState.PENDING)
        )

    async def counts(self, post_id: int | None = None, action: DeliveryAction | None = None) -> DeliveryCounts:
        """Deliveries per state, for one post or for all, optionally only those whose last action was action."""
        query = select(Delivery.state, func.count()).group_by(Delivery.state)
        if post_id is not None:
            query = query.where(Delivery.post_id == post_id)
        if action is not None:
            query = query.where(Delivery.action == action)
        by_state: dict[str, int] = dict((await self.session.execute(query)).all())
        return DeliveryCounts(
            sent=by_state.get(DeliveryState.SENT, 0),
            pending=by_state.get(DeliveryState.PENDING, 0) + by_state.get(DeliveryState.SENDING, 0),
            failed=by_state.get(DeliveryState.FAILED, 0),
            skipped=by_state.get(DeliveryState.SKIPPED, 0),
            deleted=by_state.get(DeliveryState.DELETED, 0),
        )


def _has_copy() -> ColumnElement[bool]:
    """Rows whose copy exists on the platform: delivered, or with an edit still to do (or that failed)."""
    edit_open = Delivery.state.in_([DeliveryState.PENDING, DeliveryState.FAILED]) & (
        Delivery.action == DeliveryAction.EDIT
    )
    return or_(Delivery.state == DeliveryState.SENT, edit_open)
