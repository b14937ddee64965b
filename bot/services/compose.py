"""Composing posts: drafts, photos, publishing and cancelling."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import MAX_PHOTOS, PostStatus, PostView
from bot.domain.titles import parse_title_line, region_key
from bot.services.common import Actor, IncomingPhoto
from bot.services.ports import OutboxWaker
from storage.base import utcnow
from storage.models import Post
from storage.repos.posts import post_view
from storage.uow import UnitOfWork

MAX_BODY = 60_000
CREDIT_LINE = re.compile(r"^(photo|photograph|photos|credit)s?\s*:\s*\S", re.IGNORECASE)


@dataclass(frozen=True)
class Published:
    """A post that was just published, and how many deliveries were queued for it."""

    post: PostView
    queued: int


def split_post_text(text: str) -> tuple[str, str]:
    """The title line and the body of a `/post` text (title on the command's line or the next)."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise UserError(texts.NO_POST_TEXT)
    return lines[0].strip(), "\n".join(lines[1:]).strip()


def split_credit(body: str) -> tuple[str, str | None]:
    """A closing `Photo: …` or `Photograph: …` line of the body is the first photo's credit."""
    head, _, last = body.rpartition("\n")
    if CREDIT_LINE.match(last.strip()):
        return head.strip(), last.strip()
    return body, None


async def publish_now(uow: UnitOfWork, outbox: OutboxWaker, post: Post) -> Published:
    """Mark post published and queue one delivery per matching target; the worker wakes after the commit."""
    await uow.repos.posts.mark_published(post)
    queued = await uow.repos.deliveries.enqueue_post(post.id, region_key(post.region.name))
    uow.after_commit(outbox.wake)
    return Published(post_view(post), queued)


class ComposeService:
    """Creates drafts, attaches photos, publishes and cancels."""

    def __init__(self, uow: UnitOfWork, outbox: OutboxWaker, today: Callable[[], date] = date.today) -> None:
        self.uow, self.repos, self.outbox, self.today = uow, uow.repos, outbox, today

    async def create_draft(self, actor: Actor, text: str, photos: Sequence[IncomingPhoto] = ()) -> PostView:
        """Parse the post text and store it as the actor's open draft in this chat."""
        title_line, body = split_post_text(text)
        parsed = parse_title_line(title_line)
        if photos and not photos[0].credit:
            body, credit = split_credit(body)
            photos = [IncomingPhoto(photos[0].ref, credit), *photos[1:]]
        _check_photo_count(0, len(photos))
        if len(body) > MAX_BODY:
            raise UserError(texts.BODY_TOO_LONG, length=len(body), limit=MAX_BODY)
        await self.repos.posts.discard_drafts(actor.key, str(actor.chat))
        region = await self.repos.regions.get_or_create(parsed.region)
        post = await self.repos.posts.add(
            self.repos.posts.new(
                region,
                parsed.title,
                parsed.date or self.today(),
                body,
                actor.key,
                str(actor.chat),
                actor.platform,
            )
        )
        return await self._attach(post, actor, photos)

    async def open_draft_id(self, actor: Actor) -> int | None:
        """The id of the draft the actor has open in this chat, if any (a new /post replaces it)."""
        post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
        return None if post is None else post.id

    async def open_draft_age(self, actor: Actor) -> tuple[PostView, timedelta] | None:
        """The draft the actor has open in this chat and how long ago it was started, if one is open."""
        post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
        return None if post is None else (post_view(post), utcnow() - post.created_at)

    async def add_photos(self, actor: Actor, photos: Sequence[IncomingPhoto]) -> PostView | None:
        """Attach photos to the actor's open draft in this chat; None when no draft is open."""
        post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
        if post is None:
            return None
        _check_photo_count(len(post.photos), len(photos))
        return await self._attach(post, actor, photos)

    async def publish(self, actor: Actor, draft_id: int | None) -> Published:
        """Publish a draft and queue one delivery per matching target, in the caller's transaction."""
        return await publish_now(self.uow, self.outbox, await self._draft(actor, draft_id))

    async def cancel(self, actor: Actor, draft_id: int | None = None) -> int:
        """Discard the open draft (or draft_id); its id."""
        post = await self._draft(actor, draft_id)
        post.status = PostStatus.DISCARDED
        await self.repos.session.flush()
        return post.id

    async def draft(self, actor: Actor, draft_id: int | None) -> PostView:
        """A draft as it stands, for a preview."""
        return post_view(await self._draft(actor, draft_id))

    async def _draft(self, actor: Actor, draft_id: int | None) -> Post:
        if draft_id is None:
            post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
            if post is None:
                raise UserError(texts.NO_OPEN_DRAFT)
            return post
        post = await self.repos.posts.get(draft_id)
        if post is None:
            raise UserError(texts.NO_DRAFT, id=draft_id)
        if post.status not in (PostStatus.DRAFT, PostStatus.SCHEDULED):
            raise UserError(texts.NOT_A_DRAFT, id=draft_id, status=post.status)
        return post

    async def _attach(self, post: Post, actor: Actor, photos: Sequence[IncomingPhoto]) -> PostView:
        for photo in photos:
            await self.repos.posts.add_photo(post, actor.platform, photo.ref, _credit(photo.credit))
        return post_view(post)


def _check_photo_count(have: int, adding: int) -> None:
    if have + adding > MAX_PHOTOS:
        raise UserError(texts.TOO_MANY_PHOTOS, limit=MAX_PHOTOS, count=have + adding)


def _credit(caption: str | None) -> str | None:
    text = " ".join((caption or "").split())
    return text[:1024] or None
