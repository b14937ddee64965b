"""Posts and their photos."""

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.models import PhotoView, Platform, PostStatus, PostSummary, PostView
from bot.domain.rich import Rich
from storage.base import utcnow
from storage.models import Photo, PhotoFile, Post, Region


class PostRepo:
    """Posts, drafts included."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, post_id: int) -> Post | None:
        """A post by id, with its region and photos."""
        return await self.session.get(Post, post_id)

    async def open_draft(self, author: str, chat: str) -> Post | None:
        """The newest draft that author is composing in chat."""
        return await self.session.scalar(
            select(Post)
            .where(Post.author == author, Post.origin_chat == chat, Post.status == PostStatus.DRAFT)
            .order_by(Post.id.desc())
            .limit(1)
        )

    async def revisions(self, post_ids: set[int]) -> dict[int, tuple[int, str]]:
        """The committed revision and status of each post, read afresh (not from the session's objects)."""
        rows = await self.session.execute(select(Post.id, Post.revision, Post.status).where(Post.id.in_(post_ids)))
        return {post_id: (revision, status) for post_id, revision, status in rows}

    async def due(self, now: datetime, limit: int = 20) -> Sequence[Post]:
        """Scheduled posts whose time has come, earliest first."""
        query = (
            select(Post)
            .where(Post.status == PostStatus.SCHEDULED, Post.scheduled_at <= now)
            .order_by(Post.scheduled_at, Post.id)
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def scheduled(self) -> Sequence[Post]:
        """Every scheduled post, earliest first."""
        query = select(Post).where(Post.status == PostStatus.SCHEDULED).order_by(Post.scheduled_at, Post.id)
        return list(await self.session.scalars(query))

    async def add(self, post: Post) -> Post:
        """Store a new post and give it its id."""
        self.session.add(post)
        await self.session.flush()
        return post

    async def add_photo(self, post: Post, platform: Platform, ref: str, credit: str | None) -> Photo:
        """Append a photo, known on platform as ref, to post."""
        photo = Photo(position=len(post.photos), credit=credit, origin_platform=platform)
        photo.files.append(PhotoFile(platform=platform, ref=ref))
        post.photos.append(photo)
        await self.session.flush()
        return photo

    async def discard_drafts(self, author: str, chat: str) -> list[int]:
        """Close every draft that author has open in chat, so only the newest one is open; their ids."""
        result = await self.session.execute(
            update(Post)
            .where(Post.author == author, Post.origin_chat == chat, Post.status == PostStatus.DRAFT)
            .values(status=PostStatus.DISCARDED, updated_at=utcnow())
            .returning(Post.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(result.scalars())

    async def move(
        self,
        post_id: int,
        to: PostStatus,
        allowed: Collection[PostStatus],
        *also: ColumnElement[bool],
        **values: Any,
    ) -> Post | None:
        """Move a post to status `to` in one conditional write, only from an allowed status (and where `also`
        holds); the post as it now stands, or None when it was not in such a state (another action came first)."""
        result = await self.session.execute(
            update(Post)
            .where(Post.id == post_id, Post.status.in_([status.value for status in allowed]), *also)
            .values(status=to, updated_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )
        if int(getattr(result, "rowcount", 0) or 0) != 1:
            return None
        return await self.fresh(post_id)

    async def revise(self, post_id: int, allowed: Collection[PostStatus], **values: Any) -> PostStatus | None:
        """Replace a post's fields and count a revision in one write conditional on its status; the status it had
        at that write, or None when it was in none of allowed."""
        result = await self.session.execute(
            update(Post)
            .where(Post.id == post_id, Post.status.in_([status.value for status in allowed]))
            .values(revision=Post.revision + 1, updated_at=utcnow(), **values)
            .returning(Post.status)
            .execution_options(synchronize_session=False)
        )
        status = result.scalar_one_or_none()
        return None if status is None else PostStatus(status)

    async def fresh(self, post_id: int) -> Post | None:
        """A post read afresh from the database, replacing what the session held."""
        return await self.session.get(Post, post_id, populate_existing=True)

    async def status(self, post_id: int) -> PostStatus | None:
        """A post's committed status, read afresh; None when there is no such post."""
        status = await self.session.scalar(select(Post.status).where(Post.id == post_id))
        return None if status is None else PostStatus(status)

    async def latest(self, region_id: int | None, limit: int) -> Sequence[PostSummary]:
        """The newest published posts, optionally of one region, newest first."""
        query = (
            select(Post.id, Region.name, Post.title, Post.post_date)
            .join(Region, Region.id == Post.region_id)
            .where(Post.status == PostStatus.PUBLISHED)
            .order_by(Post.post_date.desc(), Post.id.desc())
            .limit(limit)
        )
        if region_id is not None:
            query = query.where(Post.region_id == region_id)
        rows = await self.session.execute(query)
        return [PostSummary(pid, region, title, when) for pid, region, title, when in rows]

    @staticmethod
    def new(region: Region, title: str, when: date, body: Rich, author: str, chat: str, platform: Platform) -> Post:
        """A new draft, not yet stored."""
        return Post(
            region=region,
            region_id=region.id,
            title=title,
            post_date=when,
            body=body.text,
            body_spans=body.to_json(),
            status=PostStatus.DRAFT,
            author=author,
            origin_chat=chat,
            origin_platform=platform,
            photos=[],
        )


def post_view(post: Post) -> PostView:
    """The domain view of a stored post."""
    photos = tuple(
        PhotoView(
            photo_id=photo.id,
            credit=photo.credit,
            refs={Platform(file.platform): file.ref for file in photo.files},
        )
        for photo in post.photos
    )
    return PostView(
        id=post.id,
        region=post.region.name,
        title=post.title,
        date=post.post_date,
        body=Rich.from_json(post.body, post.body_spans),
        photos=photos,
        status=PostStatus(post.status),
    )


async def remember_photo_refs(session: AsyncSession, platform: Platform, refs: dict[int, str]) -> None:
    """Store the file reference each photo got on platform, so that later sends reuse it."""
    if not refs:
        return
    for photo_id, ref in refs.items():
        if await session.get(PhotoFile, (photo_id, platform.value)) is None:
            session.add(PhotoFile(photo_id=photo_id, platform=platform, ref=ref))
    await session.flush()
