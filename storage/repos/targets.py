"""Targets (chats that receive posts) and their region filters."""

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.models import Address, Platform, TargetKind
from storage.base import utcnow
from storage.models import Target, TargetRegion
from storage.upsert import insert_missing


class TargetRepo:
    """Targets, by platform, chat and forum topic."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, address: Address) -> Target | None:
        """The target at address, if any."""
        return await self.session.scalar(
            select(Target).where(
                Target.platform == address.platform,
                Target.chat_id == address.chat_id,
                Target.thread_id == (address.thread_id or 0),
            )
        )

    async def get_or_create(self, address: Address, kind: TargetKind, title: str) -> Target:
        """The target at address, created (or reactivated) with kind and title."""
        target = await self.find(address)
        if target is None:
            row = {"platform": address.platform, "chat_id": address.chat_id, "thread_id": address.thread_id or 0}
            values = {"kind": kind, "title": title, "all_regions": False, "active": True, "created_at": utcnow()}
            await insert_missing(self.session, Target, [row | values])  # a chat's first commands may come at once
            target = await self.find(address)
            if target is None:
                raise LookupError(f"target {address} vanished as it was made")
        target.active, target.inactive_reason, target.title = True, None, title or target.title
        await self.session.flush()
        return target

    async def regions(self, target: Target) -> dict[str, str]:
        """The region keys in target's filter, each with the name it was chosen by."""
        rows = await self.session.execute(
            select(TargetRegion.region_key, TargetRegion.name)
            .where(TargetRegion.target_id == target.id)
            .order_by(TargetRegion.region_key)
        )
        return dict(rows.all())

    async def add_regions(self, target: Target, names: Mapping[str, str]) -> None:
        """Add regions (key to name) to target's filter."""
        rows = [{"target_id": target.id, "region_key": key, "name": name} for key, name in names.items()]
        await insert_missing(self.session, TargetRegion, rows)  # one already in the filter keeps its name

    async def remove_regions(self, target: Target, keys: Iterable[str]) -> None:
        """Remove region keys from target's filter."""
        await self.session.execute(
            delete(TargetRegion).where(TargetRegion.target_id == target.id, TargetRegion.region_key.in_(list(keys)))
        )

    async def clear_regions(self, target: Target) -> None:
        """Empty target's filter."""
        await self.session.execute(delete(TargetRegion).where(TargetRegion.target_id == target.id))

    async def remove(self, target: Target) -> None:
        """Forget a target, its filter and its pending deliveries."""
        await self.session.delete(target)
        await self.session.flush()

    async def shared(self, platform: Platform | None = None) -> Sequence[Target]:
        """Channels, groups and rooms (every target but private chats)."""
        query = select(Target).where(Target.kind != TargetKind.PRIVATE).order_by(Target.id)
        if platform is not None:
            query = query.where(Target.platform == platform)
        return list(await self.session.scalars(query))

    async def get(self, target_id: int) -> Target | None:
        """A target by id."""
        return await self.session.get(Target, target_id)

    async def in_chat(self, platform: Platform, chat_id: str) -> Sequence[Target]:
        """Every target in one chat: the chat itself and its forum topics."""
        query = select(Target).where(Target.platform == platform, Target.chat_id == chat_id)
        return list(await self.session.scalars(query))

    async def by_ids(self, ids: Iterable[int]) -> dict[int, Target]:
        """Targets by id, in one query."""
        rows = await self.session.scalars(select(Target).where(Target.id.in_(list(ids))))
        return {target.id: target for target in rows}
