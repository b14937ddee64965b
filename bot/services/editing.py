"""Editing and deleting published posts: every delivered copy follows, through the outbox."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import MAX_PHOTOS, DeliveryAction, Platform, PostStatus, PostView
from bot.domain.titles import parse_title_line, region_key
from bot.services.common import IncomingPhoto
from bot.services.compose import MAX_BODY, split_credit, split_post_text
from bot.services.ports import OutboxWaker
from storage.models import Post
from storage.repos.posts import post_view
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Revised:
    """A post after an edit or a delete, and how many delivered copies will follow."""

    post: PostView
    copies: int
    new_targets: int = 0


class EditingService:
    """Replaces or retracts published posts and queues the work on their copies."""

    def __init__(self, uow: UnitOfWork, outbox: OutboxWaker) -> None:
        self.uow, self.repos, self.outbox = uow, uow.repos, outbox

    async def edit(
        self, post_id: int, text: str, photos: Sequence[IncomingPhoto] = (), platform: Platform | None = None
    ) -> Revised:
        """Replace title, region, date and body (and the photos, when new ones come); delivered copies follow."""
        post = await self._published(post_id)
        title_line, body = split_post_text(text)
        parsed = parse_title_line(title_line)
        if photos and not photos[0].credit:
            body, credit = split_credit(body)
            photos = [IncomingPhoto(photos[0].ref, credit), *photos[1:]]
        if len(body) > MAX_BODY:
            raise UserError(texts.BODY_TOO_LONG, length=len(body), limit=MAX_BODY)
        region = await self.repos.regions.get_or_create(parsed.region)
        post.region, post.region_id, post.title, post.body = region, region.id, parsed.title, body
        post.post_date = parsed.date or post.post_date
        post.revision += 1
        if photos and platform is not None:
            await self._replace_photos(post, photos, platform)
        await self.repos.session.flush()
        copies = await self.repos.deliveries.requeue_copies(post.id, DeliveryAction.EDIT)
        added = await self.repos.deliveries.enqueue_post(post.id, region_key(region.name))
        self.uow.after_commit(self.outbox.wake)
        return Revised(post_view(post), copies, added)

    async def delete(self, post_id: int) -> Revised:
        """Retract the post: copies not yet sent are withdrawn, delivered ones deleted."""
        post = await self._published(post_id)
        post.status = PostStatus.DELETED
        post.revision += 1
        await self.repos.deliveries.skip_unsent(post.id, "the post was deleted")
        copies = await self.repos.deliveries.requeue_copies(post.id, DeliveryAction.DELETE)
        self.uow.after_commit(self.outbox.wake)
        return Revised(post_view(post), copies)

    async def _replace_photos(self, post: Post, photos: Sequence[IncomingPhoto], platform: Platform) -> None:
        if len(photos) > MAX_PHOTOS:
            raise UserError(texts.TOO_MANY_NEW_PHOTOS, limit=MAX_PHOTOS, count=len(photos))
        post.photos.clear()
        await self.repos.session.flush()
        for photo in photos:
            await self.repos.posts.add_photo(post, platform, photo.ref, photo.credit)
        post.photos_revision = post.revision

    async def _published(self, post_id: int) -> Post:
        post = await self.repos.posts.get(post_id)
        if post is None or post.status in (PostStatus.DISCARDED, PostStatus.DELETED):
            raise UserError(texts.NO_POST, id=post_id)
        if post.status == PostStatus.DRAFT:
            raise UserError(texts.IS_A_DRAFT, id=post_id)
        return post
