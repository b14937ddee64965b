"""Regions and their aliases."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.models import PostStatus, RegionCount
from bot.domain.titles import region_key
from storage.base import utcnow
from storage.models import Post, Region, RegionAlias
from storage.upsert import insert_missing, upsert


class RegionRepo:
    """Regions, matched by case-folded name or alias."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def resolve(self, name: str) -> Region | None:
        """The region called name, directly or by an alias, regardless of case."""
        key = region_key(name)
        region = await self.session.scalar(select(Region).where(Region.key == key))
        if region is not None:
            return region
        alias_of = select(RegionAlias.region_id).where(RegionAlias.key == key).scalar_subquery()
        return await self.session.scalar(select(Region).where(Region.id == alias_of))

    async def resolve_published(self, name: str) -> Region | None:
        """The region called name (directly or by an alias) if it has a published post: the others are drafts'."""
        region = await self.resolve(name)
        if region is None or not await self.has_published(region.id):
            return None
        return region

    async def has_published(self, region_id: int) -> bool:
        """Whether the region has a published post."""
        published = select(Post.id).where(Post.region_id == region_id, Post.status == PostStatus.PUBLISHED)
        return bool(await self.session.scalar(select(published.exists())))

    async def get_or_create(self, name: str) -> Region:
        """The region called name, created on first use."""
        region = await self.resolve(name)
        if region is not None:
            return region
        row = {"name": " ".join(name.split()), "key": region_key(name), "created_at": utcnow()}
        await insert_missing(self.session, Region, [row])  # five first posts at once make one region
        region = await self.resolve(name)
        if region is None:
            raise LookupError(f"region {row['key']!r} vanished as it was made")
        return region

    async def add_alias(self, region: Region, alias: str) -> None:
        """Make alias another name for region (replacing what it meant before)."""
        row = {"key": region_key(alias), "name": " ".join(alias.split()), "region_id": region.id}
        await upsert(self.session, RegionAlias, row, key=["key"], update=["region_id"])

    async def remove_alias(self, alias: str) -> bool:
        """Forget an alias; False when there was none."""
        existing = await self.session.get(RegionAlias, region_key(alias))
        if existing is None:
            return False
        await self.session.delete(existing)
        await self.session.flush()
        return True

    async def with_counts(self) -> list[RegionCount]:
        """Regions that have published posts, with their counts and aliases, by name."""
        published = func.count(Post.id)
        rows = await self.session.execute(
            select(Region.id, Region.name, published)
            .join(Post, (Post.region_id == Region.id) & (Post.status == PostStatus.PUBLISHED))
            .group_by(Region.id, Region.name)
            .order_by(func.lower(Region.name))
        )
        aliases = await self._aliases_by_region()
        return [RegionCount(name, count, tuple(aliases.get(rid, []))) for rid, name, count in rows]

    async def published(self) -> dict[str, str]:
        """The key and name of every region that has a published post, by name."""
        has_published = select(Post.id).where(Post.region_id == Region.id, Post.status == PostStatus.PUBLISHED)
        rows = await self.session.execute(
            select(Region.key, Region.name).where(has_published.exists()).order_by(func.lower(Region.name))
        )
        return dict(rows.all())

    async def _aliases_by_region(self) -> dict[int, list[str]]:
        result: dict[int, list[str]] = {}
        for alias in await self.session.scalars(select(RegionAlias).order_by(RegionAlias.name)):
            result.setdefault(alias.region_id, []).append(alias.name)
        return result
