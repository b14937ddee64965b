"""The incoming side of a platform's event stream: its sync token and the events already handled."""

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import utcnow
from storage.models import HandledEvent, SyncState


class InboxRepo:
    """Sync tokens per account and handled event ids."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_batch(self, account: str) -> str | None:
        return await self.session.scalar(select(SyncState.next_batch).where(SyncState.account == account))

    async def save_next_batch(self, account: str, token: str) -> None:
        state = await self.session.get(SyncState, account)
        if state is None:
            self.session.add(SyncState(account=account, next_batch=token))
        else:
            state.next_batch = token
        await self.session.flush()

    async def handled(self, event_id: str) -> bool:
        """Whether event_id was handled already (a replay after a crash)."""
        return await self.session.get(HandledEvent, event_id) is not None

    async def mark_handled(self, event_id: str) -> None:
        """Record event_id as handled, in the transaction of what handling it changed."""
        self.session.add(HandledEvent(event_id=event_id))
        await self.session.flush()

    async def forget_before(self, days: int = 7) -> None:
        """Handled events older than any replay could reach."""
        old = HandledEvent.handled_at < utcnow() - timedelta(days=days)
        await self.session.execute(delete(HandledEvent).where(old))
