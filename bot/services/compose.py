"""Composing posts: drafts, photos, publishing and cancelling."""

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import MAX_PHOTOS, PostStatus, PostView
from bot.domain.rich import Rich
from bot.domain.titles import parse_title_line, region_key
from bot.services.common import Actor, IncomingPhoto
from bot.services.ports import OutboxWaker
from bot.services.transitions import UNSENT, refusal
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


@dataclass(frozen=True)
class Started:
    """A new draft, and the open draft it replaced (discarded), if there was one."""

    draft: PostView
    replaced: int | None


def as_rich(text: Rich | str) -> Rich:
    """A command's text as formatted text (a plain string has no formatting but its bare URLs)."""
    return text if isinstance(text, Rich) else Rich.of(text, ())


def split_post_text(text: Rich | str) -> tuple[str, Rich]:
    """The title line (plain) and the formatted body of a `/post` text (title on the command's line or the
    next)."""
    rich = as_rich(text).without_returns()
    start = len(rich.text) - len(rich.text.lstrip())
    if start == len(rich.text):
        raise UserError(texts.NO_POST_TEXT)
    end = rich.text.find("\n", start)
    end = len(rich.text) if end < 0 else end
    return rich.text[start:end].strip(), rich.slice(end).strip()


def split_credit(body: Rich) -> tuple[Rich, str | None]:
    """A closing `Photo: …` or `Photograph: …` line of the body is the first photo's credit."""
    newline = body.text.rfind("\n")
    last = body.text[newline + 1 :].strip()
    if CREDIT_LINE.match(last):
        return body.slice(0, max(newline, 0)).strip(), last
    return body, None


async def publish_now(
    uow: UnitOfWork,
    outbox: OutboxWaker,
    post_id: int,
    allowed: Collection[PostStatus] = UNSENT,
    *also: ColumnElement[bool],
) -> Published | None:
    """Publish post_id if it is still in an allowed status (and `also` holds), and queue one delivery per matching
    target; None when another action moved it first. Only the write that publishes queues deliveries."""
    post = await uow.repos.posts.move(
        post_id, PostStatus.PUBLISHED, allowed, *also, published_at=utcnow(), scheduled_at=None
    )
    if post is None:
        return None
    queued = await uow.repos.deliveries.enqueue_post(post.id, region_key(post.region.name))
    uow.after_commit(outbox.wake)
    return Published(post_view(post), queued)


class ComposeService:
    """Creates drafts, attaches photos, publishes and cancels."""

    def __init__(self, uow: UnitOfWork, outbox: OutboxWaker, today: Callable[[], date] = date.today) -> None:
        self.uow, self.repos, self.outbox, self.today = uow, uow.repos, outbox, today

    async def create_draft(self, actor: Actor, text: Rich | str, photos: Sequence[IncomingPhoto] = ()) -> PostView:
        """Parse the post text and store it as the actor's open draft in this chat."""
        return (await self.start_draft(actor, text, photos)).draft

    async def start_draft(self, actor: Actor, text: Rich | str, photos: Sequence[IncomingPhoto] = ()) -> Started:
        """Store a new open draft, and tell which draft it replaced: one this very write discarded (a draft
        published or cancelled meanwhile is not one)."""
        title_line, body = split_post_text(text)
        parsed = parse_title_line(title_line)
        if photos and not photos[0].credit:
            body, credit = split_credit(body)
            photos = [IncomingPhoto(photos[0].ref, credit), *photos[1:]]
        _check_photo_count(0, len(photos))
        check_length(body)
        replaced = await self.repos.posts.discard_drafts(actor.key, str(actor.chat))
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
        return Started(await self._attach(post, actor, photos), replaced[-1] if replaced else None)

    async def open_draft_age(self, actor: Actor) -> tuple[PostView, timedelta] | None:
        """The draft the actor has open in this chat and how long ago it was started, if one is open."""
        post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
        return None if post is None else (post_view(post), utcnow() - post.created_at)

    async def add_photos(self, actor: Actor, photos: Sequence[IncomingPhoto]) -> PostView | None:
        """Attach photos to the actor's open draft in this chat; None when no draft is open."""
        post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
        if post is not None:  # still a draft at this write: photos never join a post published meanwhile
            post = await self.repos.posts.move(post.id, PostStatus.DRAFT, {PostStatus.DRAFT})
        if post is None:
            return None
        _check_photo_count(len(post.photos), len(photos))
        return await self._attach(post, actor, photos)

    async def publish(self, actor: Actor, draft_id: int | None) -> Published:
        """Publish a draft and queue one delivery per matching target, in the caller's transaction."""
        post_id = await self._draft_id(actor, draft_id)
        published = await publish_now(self.uow, self.outbox, post_id)
        if published is None:
            raise await self._refusal(post_id)
        return published

    async def cancel(self, actor: Actor, draft_id: int | None = None) -> int:
        """Discard the open draft (or draft_id, also when scheduled); its id."""
        post_id = await self._draft_id(actor, draft_id)
        if await self.repos.posts.move(post_id, PostStatus.DISCARDED, UNSENT) is None:
            raise await self._refusal(post_id)
        return post_id

    async def _draft_id(self, actor: Actor, draft_id: int | None) -> int:
        if draft_id is not None:
            return draft_id
        post = await self.repos.posts.open_draft(actor.key, str(actor.chat))
        if post is None:
            raise UserError(texts.NO_OPEN_DRAFT)
        return post.id

    async def _refusal(self, post_id: int) -> UserError:
        return refusal(post_id, await self.repos.posts.status(post_id), texts.NO_DRAFT)

    async def _attach(self, post: Post, actor: Actor, photos: Sequence[IncomingPhoto]) -> PostView:
        for photo in photos:
            await self.repos.posts.add_photo(post, actor.platform, photo.ref, _credit(photo.credit))
        return post_view(post)


def check_length(body: Rich) -> None:
    """A UserError when the body is longer than a post may be."""
    if len(body.text) > MAX_BODY:
        raise UserError(texts.BODY_TOO_LONG, length=len(body.text), limit=MAX_BODY)


def _check_photo_count(have: int, adding: int) -> None:
    if have + adding > MAX_PHOTOS:
        raise UserError(texts.TOO_MANY_PHOTOS, limit=MAX_PHOTOS, count=have + adding)


def _credit(caption: str | None) -> str | None:
    text = " ".join((caption or "").split())
    return text[:1024] or None
