"""Plain values that Herald's services, renderers and messengers exchange."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.domain.rich import Rich

MAX_PHOTOS = 10


class Platform(StrEnum):
    """A messenger Herald speaks."""

    TELEGRAM = "telegram"
    MATRIX = "matrix"


COMMAND_PREFIX = {Platform.TELEGRAM: "/", Platform.MATRIX: "!"}  # how people type a command on each platform


class PostStatus(StrEnum):
    """Where a post is in its life."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    DISCARDED = "discarded"
    DELETED = "deleted"


class DeliveryState(StrEnum):
    """Where one delivery (a post to one target) is in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    DELETED = "deleted"


class DeliveryAction(StrEnum):
    """What the outbox must do next for one copy of a post."""

    SEND = "send"
    EDIT = "edit"
    DELETE = "delete"


class TargetKind(StrEnum):
    """What kind of chat a target is."""

    PRIVATE = "private"
    GROUP = "group"
    CHANNEL = "channel"
    ROOM = "room"


@dataclass(frozen=True)
class Address:
    """Where a message goes: a chat on one platform, optionally a forum topic."""

    platform: Platform
    chat_id: str
    thread_id: int | None = None

    def __str__(self) -> str:
        return self.chat_id if self.thread_id is None else f"{self.chat_id}:{self.thread_id}"


@dataclass(frozen=True)
class PhotoView:
    """A post's photo: its credit and the file references known per platform."""

    photo_id: int
    credit: str | None
    refs: Mapping[Platform, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PostView:
    """Everything needed to render a post."""

    id: int
    region: str
    title: str
    date: date
    body: Rich  # the visible text with its formatting; the title is plain
    photos: tuple[PhotoView, ...] = ()
    status: PostStatus = PostStatus.PUBLISHED


@dataclass(frozen=True)
class RegionCount:
    """A region with its number of published posts."""

    name: str
    posts: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostSummary:
    """A line of /latest."""

    id: int
    region: str
    title: str
    date: date


@dataclass(frozen=True)
class DeliveryCounts:
    """How many deliveries are in each state."""

    sent: int = 0
    pending: int = 0
    failed: int = 0
    skipped: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.pending + self.failed + self.skipped + self.deleted
