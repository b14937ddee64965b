"""The messenger Protocol: what the domain needs from Telegram or Matrix, and the faults it may report."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.domain.models import Address, Platform
from bot.domain.render import Rendered, RenderStyle


class DeliveryError(Exception):
    """A send, edit or delete that did not happen; subclasses say what to do next."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryAfter(DeliveryError):
    """Too fast: send the same request again after `seconds`."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


class TargetGone(DeliveryError):
    """Final for this target: blocked, kicked, deactivated or not found."""


class TargetMoved(DeliveryError):
    """The chat has a new id (a group that became a supergroup): store it and send again."""

    def __init__(self, reason: str, new_chat_id: str) -> None:
        super().__init__(reason)
        self.new_chat_id = new_chat_id


class Transient(DeliveryError):
    """A server or network fault: back off and retry (the message may have arrived already)."""


class Rejected(DeliveryError):
    """The platform refused what we sent (our own bug): never retry."""


def fault_or(fault: DeliveryError, answer: Exception) -> Exception:
    """What to raise when the platform refused a lookup: a passing fault (429, 5xx, network) stays a fault, so the
    sender is told to try again; anything final becomes the answer that says what is wrong."""
    return fault if isinstance(fault, Transient | RetryAfter) else answer


@dataclass(frozen=True)
class SentCopy:
    """What one send produced: the message ids, and the file reference each photo got on this platform."""

    message_ids: tuple[str, ...]
    photo_refs: Mapping[int, str] = field(default_factory=dict)


class Messenger(Protocol):
    """One platform, seen from the domain: send, edit and delete rendered posts, and send notices."""

    @property
    def platform(self) -> Platform: ...

    @property
    def style(self) -> RenderStyle: ...

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        """Send post to address; key is stable across retries of the same delivery."""
        ...

    async def edit_post(
        self, address: Address, message_ids: Sequence[str], post: Rendered, media_changed: bool, key: str
    ) -> SentCopy:
        """Bring a delivered copy up to date: its text or caption, and its photos when they changed. In place
        where the platform allows it; otherwise the copy is replaced. The copy's message ids afterwards."""
        ...

    async def delete_post(self, address: Address, message_ids: Sequence[str]) -> None:
        """Delete every message of a delivered copy."""
        ...

    async def send_notice(self, address: Address, html: str) -> str:
        """Send a short HTML notice (a report to the admin chats); its message id."""
        ...

    async def edit_notice(self, address: Address, message_id: str, html: str) -> None:
        """Replace a notice's text (broadcast progress)."""
        ...

    async def download(self, ref: str) -> bytes:
        """The bytes of a photo this platform holds under ref (for its first upload to another platform)."""
        ...
