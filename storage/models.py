"""Herald's tables."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, utcnow


class Region(Base):
    """A region; it comes into existence with its first post."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RegionAlias(Base):
    """Another name of a region (`United Kingdom` for `UK`), matched by its case-folded key."""

    __tablename__ = "region_aliases"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)


class Post(Base):
    """A post, from draft to published (and perhaps deleted)."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_status_date", "status", "post_date", "id"),
        Index("ix_posts_region_status_date", "region_id", "status", "post_date", "id"),
        Index("ix_posts_drafts", "author", "origin_chat", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    title: Mapped[str] = mapped_column(String(256))
    post_date: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text, default="")  # the visible text
    body_spans: Mapped[list[dict[str, object]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )  # its formatting
    status: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(128))
    origin_platform: Mapped[str] = mapped_column(String(16))
    origin_chat: Mapped[str] = mapped_column(String(128))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    photos_revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # when photos last changed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)  # UTC
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship(lazy="joined")
    photos: Mapped[list["Photo"]] = relationship(
        order_by="Photo.position", lazy="selectin", cascade="all, delete-orphan"
    )


class Photo(Base):
    """A photo of a post, with its credit."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    credit: Mapped[str | None] = mapped_column(String(1024))
    origin_platform: Mapped[str] = mapped_column(String(16))

    files: Mapped[list["PhotoFile"]] = relationship(lazy="selectin", cascade="all, delete-orphan")


class PhotoFile(Base):
    """A photo's file reference on one platform (a Telegram file_id, a Matrix mxc:// URI): upload once."""

    __tablename__ = "photo_files"

    photo_id: Mapped[int] = mapped_column(ForeignKey("photos.id", ondelete="CASCADE"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref: Mapped[str] = mapped_column(String(512))


class Target(Base):
    """A chat that receives posts: a private chat, a group, a forum topic, a channel or a room."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(255))
    thread_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: not a forum topic
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(255), default="")
    all_regions: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    inactive_reason: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(8))  # None: not known yet (English)
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())  # by /language
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TargetRegion(Base):
    """One region in a target's filter, by region key (so that a region with no post yet can be chosen)."""

    __tablename__ = "target_regions"

    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True)
    region_key: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    name: Mapped[str] = mapped_column(String(64))  # as the subscriber wrote it, shown until the region exists


class BroadcastReport(Base):
    """The admin message that shows a broadcast's progress, edited until its final summary."""

    __tablename__ = "broadcast_reports"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)  # send (publish) or delete
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class Delivery(Base):
    """The outbox: one row per post and target, with its state and the message ids it produced."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("post_id", "target_id"),
        Index("ix_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16), default="send", server_default="send")
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # the post revision the copy shows
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(1024))
    message_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncState(Base):
    """Where a platform account's event stream was read up to (the Matrix sync token), so a restart replays nothing."""

    __tablename__ = "sync_state"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    next_batch: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class HandledEvent(Base):
    """An incoming command already answered, stored in the command's own transaction: a replayed event is skipped."""

    __tablename__ = "handled_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class InstanceMeta(Base):
    """Facts about this Herald installation, such as the id that keeps its Matrix transaction ids its own."""

    __tablename__ = "instance_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
