"""Editing posts and deleting published ones: an unsent post only changes what will go out; every delivered copy
follows, through the outbox."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import MAX_PHOTOS, DeliveryAction, Platform, PostStatus, PostView
from bot.domain.reasons import Reason, code
from bot.domain.rich import Rich
from bot.domain.titles import TitleLine, parse_title_line, region_key
from bot.services.common import IncomingPhoto
from bot.services.compose import check_length, split_credit, split_post_text
from bot.services.ports import OutboxWaker
from bot.services.transitions import DELETABLE, EDITABLE, refusal
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
    """Replaces posts, retracts published ones, and queues the work on their delivered copies."""

    def __init__(self, uow: UnitOfWork, outbox: OutboxWaker) -> None:
        self.uow, self.repos, self.outbox = uow, uow.repos, outbox

    async def edit(
        self, post_id: int, text: Rich | str, photos: Sequence[IncomingPhoto] = (), platform: Platform | None = None
    ) -> Revised:
        """Replace title, region, date and body (and the photos, when new ones come). A draft or a scheduled post
        only changes what will be sent; a published one's delivered copies follow."""
        parsed, body, photos = _edit_parts(text, photos)
        region = await self.repos.regions.get_or_create(parsed.region)
        values = {"region_id": region.id, "title": parsed.title, "body": body.text, "body_spans": body.to_json()}
        status = await self.repos.posts.revise(post_id, EDITABLE, **values, **_date(parsed.date))
        post = await self.repos.posts.fresh(post_id)
        if status is None or post is None:
            raise refusal(post_id, None if post is None else PostStatus(post.status), texts.NO_POST)
        if photos and platform is not None:
            await self._replace_photos(post, photos, platform)
        if status != PostStatus.PUBLISHED:
            return Revised(post_view(post), 0)  # nothing was queued, so nothing is requeued or withdrawn
        return await self._follow(post, region.name)

    async def _follow(self, post: Post, region: str) -> Revised:
        """Queue an edit of every delivered copy, and a send to targets that match only the new region."""
        copies = await self.repos.deliveries.requeue_copies(post.id, DeliveryAction.EDIT)
        added = await self.repos.deliveries.enqueue_post(post.id, region_key(region))
        self.uow.after_commit(self.outbox.wake)
        return Revised(post_view(post), copies, added)

    async def delete(self, post_id: int) -> Revised:
        """Retract the post: copies not yet sent are withdrawn, delivered ones deleted."""
        post = await self.repos.posts.move(post_id, PostStatus.DELETED, DELETABLE, revision=Post.revision + 1)
        if post is None:
            raise refusal(post_id, await self.repos.posts.status(post_id), texts.NO_POST)
        await self.repos.deliveries.skip_unsent(post.id, code(Reason.DELETED))
        copies = await self.repos.deliveries.requeue_copies(post.id, DeliveryAction.DELETE)
        self.uow.after_commit(self.outbox.wake)
        return Revised(post_view(post), copies)

    async def _replace_photos(self, post: Post, photos: Sequence[IncomingPhoto], platform: Platform) -> None:
        post.photos.clear()
        await self.repos.session.flush()
        for photo in photos:
            await self.repos.posts.add_photo(post, platform, photo.ref, photo.credit)
        post.photos_revision = post.revision


def _date(when: date | None) -> dict[str, date]:
    """The new post date, when the title line gives one (else the post keeps its own)."""
    return {} if when is None else {"post_date": when}


def _edit_parts(text: Rich | str, photos: Sequence[IncomingPhoto]) -> tuple[TitleLine, Rich, Sequence[IncomingPhoto]]:
    """The new title line, body and photos of an edit (a closing credit line credits the first new photo)."""
    title_line, body = split_post_text(text)
    parsed = parse_title_line(title_line)
    if photos and not photos[0].credit:
        body, credit = split_credit(body)
        photos = [IncomingPhoto(photos[0].ref, credit), *photos[1:]]
    check_length(body)
    if len(photos) > MAX_PHOTOS:
        raise UserError(texts.TOO_MANY_NEW_PHOTOS, limit=MAX_PHOTOS, count=len(photos))
    return parsed, body, photos
