"""Admin tools: region aliases and delivery statistics."""

from dataclasses import dataclass

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import Address, DeliveryAction, DeliveryCounts, RegionCount
from bot.domain.titles import MAX_REGION_LENGTH, region_key
from storage.repos import Repos

LISTED_FAILED = 50  # failed targets /stats ID lists; the rest are counted


@dataclass(frozen=True)
class Stats:
    """Delivery counts for one post, or for all when post_id is None."""

    post_id: int | None
    counts: DeliveryCounts
    title: str | None = None
    failed: tuple[tuple[str, str], ...] = ()  # (chat id, reason) of the first failed targets, when asked for


class AliasService:
    """Other names for regions (`United Kingdom` for `UK`)."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos

    async def add(self, region_name: str, alias: str) -> str:
        """Make alias another name of an existing region; the region's name."""
        if not alias.strip() or len(alias) > MAX_REGION_LENGTH:
            raise UserError(texts.ALIAS_LENGTH, limit=MAX_REGION_LENGTH)
        region = await self.repos.regions.resolve(region_name)
        if region is None:
            raise UserError(texts.ALIAS_NO_REGION, name=region_name)
        if region_key(alias) == region.key:
            raise UserError(texts.ALIAS_OWN_NAME, name=alias)
        existing = await self.repos.regions.resolve(alias)
        if existing is not None and existing.key == region_key(alias):
            raise UserError(texts.ALIAS_IS_REGION, name=alias)
        await self.repos.regions.add_alias(region, alias)
        return region.name

    async def remove(self, alias: str) -> None:
        """Forget an alias."""
        if not await self.repos.regions.remove_alias(alias):
            raise UserError(texts.NOT_AN_ALIAS, name=alias)

    async def list(self) -> list[RegionCount]:
        """Regions with their aliases."""
        return [region for region in await self.repos.regions.with_counts() if region.aliases]


class StatsService:
    """Delivery counts."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos

    async def track(
        self, post_id: int, address: Address, message_id: str, action: DeliveryAction = DeliveryAction.SEND
    ) -> None:
        """Keep the message at address updated with the progress of post's broadcast (or deletion)."""
        await self.repos.deliveries.track(post_id, action, address, message_id)

    async def stats(self, post_id: int | None, with_failed: bool = False) -> Stats:
        """Counts per state for one post, or overall; with_failed: also the first failed targets, by id."""
        if post_id is None:
            return Stats(None, await self.repos.deliveries.counts())
        post = await self.repos.posts.get(post_id)
        if post is None:
            raise UserError(texts.NO_POST, id=post_id)
        counts = await self.repos.deliveries.counts(post_id)
        failed = (await self.repos.deliveries.failed_chats(post_id, LISTED_FAILED))[0] if with_failed else []
        return Stats(post_id, counts, post.title, tuple(failed))
