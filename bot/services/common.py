"""Values shared by the services."""

from dataclasses import dataclass

from bot.domain.models import Address, Platform


@dataclass(frozen=True)
class Actor:
    """Who is acting, and in which chat."""

    platform: Platform
    user_id: str
    chat: Address

    @property
    def key(self) -> str:
        """A stable identity across platforms, as stored in posts.author."""
        return f"{self.platform.value}:{self.user_id}"


@dataclass(frozen=True)
class IncomingPhoto:
    """A photo as it arrived: its file reference on the origin platform and its caption (kept as credit)."""

    ref: str
    credit: str | None = None
