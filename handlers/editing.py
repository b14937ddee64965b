"""Admins edit and delete published posts: every delivered copy follows."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say, Track
from bot.domain.arguments import edit_args, number
from bot.domain.errors import UserError
from bot.domain.models import DeliveryAction
from handlers.replies import edited_text, revised_text

ADMINS = Audience.HERALD_ADMINS


async def edit(call: Call) -> Sequence[Reply]:
    """Replace a post (and its photos, when the command came with new ones)."""
    request = call.request
    post_id, text = edit_args(request.args, texts.EDIT_USAGE)
    revised = await call.services.editing.edit(post_id, request.formatted(text), request.photos, request.platform)
    return [Say(edited_text(revised, call.voice))]


async def delete(call: Call) -> Sequence[Reply]:
    """Retract a post; every delivered copy is deleted, with progress in the confirmation."""
    args = call.request.words()
    if len(args) != 1:
        raise UserError(texts.DELETE_USAGE)
    revised = await call.services.editing.delete(number(args[0], texts.POST_ID))
    track = Track(revised.post.id, DeliveryAction.DELETE) if revised.copies else None
    return [Say(revised_text(revised, call.voice, texts.REVISED_DELETED), track=track)]


COMMANDS = [
    Command("edit", edit, ADMINS, "ID", texts.HELP_EDIT),
    Command("delete", delete, ADMINS, "ID", texts.HELP_DELETE),
]
