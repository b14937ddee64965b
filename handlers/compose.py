"""Admins compose posts: post with text or photos, photos added to the open draft, publish and cancel."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Choice, Command, Preview, Reply, Say, Track
from bot.commands.runner import say
from bot.domain.arguments import number
from bot.domain.models import PostView
from handlers.replies import draft_text, published_text

ADMINS = Audience.HERALD_ADMINS


def draft_replies(call: Call, draft: PostView, replaced: int | None = None) -> list[Reply]:
    """The draft exactly as subscribers will get it, then its id and the ways to publish or cancel it."""
    media = texts.MEDIA[call.request.platform.value]
    choices = (Choice(texts.PUBLISH_BUTTON, f"publish {draft.id}"), Choice(texts.CANCEL_BUTTON, f"cancel {draft.id}"))
    return [Preview(draft), Say(draft_text(draft, call.prefix, replaced, media), choices)]


def optional_id(call: Call) -> int | None:
    """The draft id after publish or cancel, when one is given."""
    args = call.request.words()
    return number(args[0], texts.DRAFT_ID) if args else None


async def post(call: Call) -> Sequence[Reply]:
    """Start a draft from the text (or photo caption) after the command, and show its preview."""
    started = await call.services.compose.start_draft(call.request.actor, call.request.args, call.request.photos)
    return draft_replies(call, started.draft, started.replaced)


async def add_photos(call: Call) -> Sequence[Reply]:
    """Photos sent while a draft is open join it; each caption is kept as the photo's credit."""
    draft = await call.services.compose.add_photos(call.request.actor, call.request.photos)
    if draft is not None:
        return draft_replies(call, draft)
    return [say(texts.NO_PHOTOS_DRAFT, call.prefix)] if call.request.private else []


async def publish(call: Call) -> Sequence[Reply]:
    """Publish the open draft, or draft ID; the confirmation shows the broadcast's progress."""
    published = await call.services.compose.publish(call.request.actor, optional_id(call))
    return [Say(published_text(published, call.prefix), track=Track(published.post.id))]


async def cancel(call: Call) -> Sequence[Reply]:
    """Discard the open draft, or draft ID."""
    cancelled = await call.services.compose.cancel(call.request.actor, optional_id(call))
    return [say(texts.DISCARDED, call.prefix, id=cancelled)]


COMMANDS = [
    Command("post", post, ADMINS, "Region: Title (d.m.yyyy)", texts.HELP_POST),
    Command("publish", publish, ADMINS, "[ID]", texts.HELP_PUBLISH),
    Command("cancel", cancel, ADMINS, "[ID]", texts.HELP_CANCEL),
]
