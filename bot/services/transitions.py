"""A post's life as conditional writes: the statuses each action may start from, and a true answer when another
action (perhaps at the same moment) has already moved the post elsewhere."""

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import PostStatus

UNSENT = frozenset({PostStatus.DRAFT, PostStatus.SCHEDULED})  # publish, schedule and cancel start here
EDITABLE = UNSENT | {PostStatus.PUBLISHED}
DELETABLE = frozenset({PostStatus.SCHEDULED, PostStatus.PUBLISHED})

_WHERE_IT_IS = {
    PostStatus.DRAFT: texts.IS_A_DRAFT,
    PostStatus.SCHEDULED: texts.IS_SCHEDULED,
    PostStatus.PUBLISHED: texts.ALREADY_PUBLISHED,
    PostStatus.DISCARDED: texts.ALREADY_DISCARDED,
    PostStatus.DELETED: texts.ALREADY_DELETED,
}


def refusal(post_id: int, status: PostStatus | None, missing: str) -> UserError:
    """Why an action can't move post_id: where the post is now, or `missing` when there is no such post."""
    return UserError(missing if status is None else _WHERE_IT_IS[status], id=post_id)
