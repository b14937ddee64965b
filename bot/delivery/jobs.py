"""One unit of outbox work: a copy to send, edit or delete, loaded and rendered."""

from collections.abc import Mapping
from dataclasses import dataclass

from bot.catalogues import Catalogues
from bot.delivery.outcomes import record_skipped
from bot.domain.models import Address, DeliveryAction, Platform, PostStatus
from bot.domain.reasons import Reason, code
from bot.domain.render import Rendered, render_post
from bot.messenger import Messenger, SentCopy
from storage.models import Delivery, Post, Target
from storage.repos.posts import post_view


class Renders(dict[tuple[int, int, Platform, str], Rendered]):
    """Rendered posts by post, revision, platform and language, so that a batch renders each post once per frame
    (the post's own words are the same in every language)."""

    def __init__(self, catalogues: Catalogues | None = None) -> None:
        super().__init__()
        self.catalogues = catalogues or Catalogues()

    def get_or_render(self, post: Post, messenger: Messenger, language: str | None = None) -> Rendered:
        voice = self.catalogues.voice(messenger.platform, language)
        key = (post.id, post.revision, messenger.platform, voice.language)
        if key not in self:
            self[key] = render_post(post_view(post), messenger.style, voice)
        return self[key]


@dataclass(frozen=True)
class Job:
    """A delivery with everything needed to carry out its action."""

    delivery: Delivery
    post: Post
    target: Target
    address: Address
    rendered: Rendered
    messenger: Messenger
    namespace: str  # this installation's id: another database's delivery #1 is a different delivery

    @property
    def action(self) -> DeliveryAction:
        return DeliveryAction(self.delivery.action)

    @property
    def revision(self) -> int:
        return self.post.revision

    @property
    def cost(self) -> int:
        """Sends counted against the rate limits: an album costs one per photo."""
        return max(1, len(self.rendered.photos)) if self.action == DeliveryAction.SEND else 1

    @property
    def key(self) -> str:
        """Stable across retries of the same work (Matrix dedups by it), new for each revision's resend."""
        if self.action == DeliveryAction.SEND:
            return f"herald-{self.namespace}-send-{self.delivery.id}"
        return f"herald-{self.namespace}-{self.action}-{self.delivery.id}-r{self.post.revision}"

    async def perform(self) -> SentCopy:
        """Carry out the action on the platform."""
        ids = tuple(self.delivery.message_ids or ())
        if self.action == DeliveryAction.EDIT:
            media_changed = self.delivery.revision < self.post.photos_revision
            return await self.messenger.edit_post(self.address, ids, self.rendered, media_changed, self.key)
        if self.action == DeliveryAction.DELETE:
            await self.messenger.delete_post(self.address, ids)
            return SentCopy(())
        return await self.messenger.send_post(self.address, self.rendered, key=self.key)


def prepare(
    delivery: Delivery,
    post: Post | None,
    target: Target | None,
    messengers: Mapping[Platform, Messenger],
    renders: Renders,
    namespace: str,
) -> Job | None:
    """The job for delivery, or None once it is marked skipped (nothing left to do)."""
    action = DeliveryAction(delivery.action)
    if post is None or target is None:
        record_skipped(delivery, code(Reason.GONE))
        return None
    if action == DeliveryAction.SEND and post.status != PostStatus.PUBLISHED:
        record_skipped(delivery, code(Reason.WITHDRAWN))
        return None
    messenger = messengers.get(Platform(target.platform))
    if not target.active or messenger is None:
        record_skipped(delivery, target.inactive_reason or code(Reason.NO_PLATFORM))
        return None
    address = Address(messenger.platform, target.chat_id, target.thread_id or None)
    rendered = renders.get_or_render(post, messenger, target.language)
    return Job(delivery, post, target, address, rendered, messenger, namespace)
