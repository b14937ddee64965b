"""An in-memory Messenger for fast tests: it records what it was asked to do and can be told to fail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count

from bot.domain.models import Address, Platform
from bot.domain.render import Rendered, RenderStyle
from bot.messenger import DeliveryError, SentCopy


@dataclass
class MemoryCopy:
    """A post as the memory messenger delivered it."""

    address: Address
    html: str
    photo_refs: tuple[str, ...]
    message_ids: tuple[str, ...]
    key: str


@dataclass
class MemoryMessenger:
    """Records sends, edits, deletes and notices; `faults` maps a chat id to errors to raise, in turn."""

    platform: Platform = Platform.TELEGRAM
    style: RenderStyle = field(default_factory=RenderStyle)
    copies: list[MemoryCopy] = field(default_factory=list)
    notices: list[tuple[Address, str]] = field(default_factory=list)
    edits: list[tuple[Address, tuple[str, ...], str]] = field(default_factory=list)
    deletes: list[tuple[Address, tuple[str, ...]]] = field(default_factory=list)
    faults: dict[str, list[DeliveryError]] = field(default_factory=dict)
    _ids: count[int] = field(default_factory=lambda: count(1))

    def _maybe_fail(self, address: Address) -> None:
        queue = self.faults.get(address.chat_id)
        if queue:
            raise queue.pop(0)

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        self._maybe_fail(address)
        ids = tuple(str(next(self._ids)) for _ in range(max(1, len(post.photos))))
        refs = tuple(photo.refs.get(self.platform, f"uploaded-{photo.photo_id}") for photo in post.photos)
        self.copies.append(MemoryCopy(address, post.html, refs, ids, key))
        return SentCopy(ids, {photo.photo_id: ref for photo, ref in zip(post.photos, refs, strict=True)})

    async def edit_post(
        self, address: Address, message_ids: Sequence[str], post: Rendered, media_changed: bool, key: str
    ) -> SentCopy:
        self._maybe_fail(address)
        self.edits.append((address, tuple(message_ids), post.html))
        if media_changed and (not post.photos or len(message_ids) != len(post.photos)):
            self.deletes.append((address, tuple(message_ids)))
            return await self.send_post(address, post, key)
        refs = {photo.photo_id: photo.refs.get(self.platform, f"uploaded-{photo.photo_id}") for photo in post.photos}
        return SentCopy(tuple(message_ids), refs if media_changed else {})

    async def delete_post(self, address: Address, message_ids: Sequence[str]) -> None:
        self._maybe_fail(address)
        self.deletes.append((address, tuple(message_ids)))

    async def send_notice(self, address: Address, html: str) -> str:
        self.notices.append((address, html))
        return str(next(self._ids))

    async def edit_notice(self, address: Address, message_id: str, html: str) -> None:
        self.notices.append((address, html))

    async def download(self, ref: str) -> bytes:
        return f"bytes of {ref}".encode()
