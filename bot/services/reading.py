"""What everyone can read: regions, the latest posts and whole posts."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import PostStatus, PostSummary, PostView, RegionCount
from storage.models import Region
from storage.repos import Repos
from storage.repos.posts import post_view

DEFAULT_LATEST = 5
MAX_LATEST = 20


@dataclass(frozen=True)
class Latest:
    """An answer to /latest: the posts, the region asked for, and whether N was capped."""

    posts: Sequence[PostSummary]
    region: str | None
    capped_from: int | None = None


class UnknownRegion(UserError):
    """A region nobody has posted in; carries the known ones."""

    def __init__(self, name: str, known: Sequence[RegionCount]) -> None:
        names = ", ".join(region.name for region in known) or texts.NO_REGIONS_YET
        super().__init__(texts.UNKNOWN_REGION, name=name, known=names)
        self.known = known


class ReadingService:
    """Regions, /latest and /read."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos

    async def regions(self) -> list[RegionCount]:
        """Known regions with their post counts."""
        return await self.repos.regions.with_counts()

    async def latest(self, region_name: str | None, count: int = DEFAULT_LATEST, insider: bool = False) -> Latest:
        """The newest published posts, of one region or of all, newest first; only an insider (one of Herald's
        admins) may name a region that has drafts alone: to anyone else it does not exist yet."""
        if count < 1:
            raise UserError(texts.TOO_FEW_LATEST, limit=MAX_LATEST)
        capped = count if count > MAX_LATEST else None
        region = None if region_name is None else await self._region(region_name, insider)
        region_id, name = (region.id, region.name) if region else (None, None)
        posts = await self.repos.posts.latest(region_id, min(count, MAX_LATEST))
        return Latest(posts, name, capped)

    async def _region(self, name: str, insider: bool) -> Region:
        """The region called name, as this reader may know it; an UnknownRegion otherwise."""
        regions = self.repos.regions
        region = await (regions.resolve(name) if insider else regions.resolve_published(name))
        if region is None:
            raise UnknownRegion(name, await self.regions())
        return region

    async def read(self, post_id: int) -> PostView:
        """A published post, whole."""
        post = await self.repos.posts.get(post_id)
        if post is None or post.status != PostStatus.PUBLISHED:
            raise UserError(texts.NO_PUBLISHED_POST, id=post_id)
        return post_view(post)
