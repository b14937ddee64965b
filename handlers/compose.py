"""Admins compose posts: post with text or photos, photos added to the open draft, publish and cancel."""

from collections.abc import Sequence
from datetime import timedelta

from bot import texts
from bot.commands.model import Audience, Call, Choice, Command, Preview, Reply, Say, Track
from bot.commands.runner import say
from bot.domain.arguments import number
from bot.domain.models import PostView
from bot.domain.voice import ENGLISH, Voice
from handlers.replies import draft_text, published_text

ADMINS = Audience.HERALD_ADMINS
PHOTO_WINDOW = timedelta(minutes=2)  # in a shared admin chat, photos sent this soon after `post` join its draft


def draft_replies(call: Call, draft: PostView, replaced: int | None = None, added: int = 0) -> list[Reply]:
    """The draft exactly as subscribers will get it, then its id and the ways to publish or cancel it, and what
    was just added to it and by whom."""
    media = texts.MEDIA[call.request.platform.value]
    voice = call.voice
    publish, cancel = voice.plain(texts.PUBLISH_BUTTON), voice.plain(texts.CANCEL_BUTTON)
    choices = (Choice(publish, f"publish {draft.id}"), Choice(cancel, f"cancel {draft.id}"))
    text = draft_text(draft, voice, replaced, media)
    if added:
        text += "\n" + voice.plural(texts.PHOTOS_ADDED_BY, added, who=call.request.sender)
    return [Preview(draft, voice), Say(text, choices)]


def optional_id(call: Call) -> int | None:
    """The draft id after publish or cancel, when one is given."""
    args = call.request.words()
    return number(args[0], texts.DRAFT_ID) if args else None


async def post(call: Call) -> Sequence[Reply]:
    """Start a draft from the text (or photo caption) after the command, and show its preview."""
    request = call.request
    started = await call.services.compose.start_draft(request.actor, request.formatted(), request.photos)
    return draft_replies(call, started.draft, started.replaced)


async def add_photos(call: Call) -> Sequence[Reply]:
    """Photos sent while a draft is open join it; each caption is kept as the photo's credit. In a shared admin
    chat only photos meant for the draft do: a casual one must not slip into a post another admin may publish."""
    if not call.request.private and not await meant_for_draft(call):
        return []
    draft = await call.services.compose.add_photos(call.request.actor, call.request.photos)
    if draft is not None:
        return draft_replies(call, draft, added=len(call.request.photos))
    return [say(texts.NO_PHOTOS_DRAFT, call.voice)] if call.request.private else []


async def meant_for_draft(call: Call) -> bool:
    """Photos sent soon after `post`, or as a reply to the open draft's preview or notice (or no draft is open,
    which add_photos answers)."""
    opened = await call.services.compose.open_draft_age(call.request.actor)
    if opened is None:
        return True
    draft, age = opened
    voices = (call.voice, call.voice.into(ENGLISH))  # the notice may be older than the chat's language
    return age <= PHOTO_WINDOW or answers_draft(call.request.answers, draft, *voices)


def answers_draft(answered: str | None, draft: PostView, *voices: Voice) -> bool:
    """Whether Herald's message that was replied to is this draft's notice (in one of voices' languages), or its
    preview (led by its title)."""
    if answered is None:
        return False
    text = answered.lstrip()
    is_preview = bool(draft.title) and text.split("\n", 1)[0].strip() == draft.title  # the whole title line
    marks = {voice.with_prefix("").plain(texts.DRAFT_MARK, id=draft.id) for voice in voices}
    return is_preview or text.startswith(tuple(marks))


async def publish(call: Call) -> Sequence[Reply]:
    """Publish the open draft, or draft ID; the confirmation shows the broadcast's progress."""
    published = await call.services.compose.publish(call.request.actor, optional_id(call))
    return [Say(published_text(published, call.voice), track=Track(published.post.id))]


async def cancel(call: Call) -> Sequence[Reply]:
    """Discard the open draft, or draft ID."""
    cancelled = await call.services.compose.cancel(call.request.actor, optional_id(call))
    return [say(texts.DISCARDED, call.voice, id=cancelled)]


COMMANDS = [
    Command("post", post, ADMINS, "Region: Title (d.m.yyyy)", texts.HELP_POST),
    Command("publish", publish, ADMINS, "[ID]", texts.HELP_PUBLISH),
    Command("cancel", cancel, ADMINS, "[ID]", texts.HELP_CANCEL),
]
