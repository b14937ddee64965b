"""Replies built from the services' answers with the templates of `bot.texts`, in the chat's voice."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Catalogue, Command
from bot.domain.arguments import join_words
from bot.domain.errors import Offers
from bot.domain.models import PostStatus, PostView, RegionCount
from bot.domain.reasons import said
from bot.domain.text import Html, escape
from bot.domain.voice import Voice
from bot.services.admin import Stats
from bot.services.compose import Published
from bot.services.editing import Revised
from bot.services.reading import MAX_LATEST, Latest
from bot.services.scheduling import Scheduled
from bot.services.subscriptions import Filter, UnconfirmedRegions

FAILED_REASON_LIMIT = 200  # a platform's error text can be long; one line per target keeps /stats split-safe


def help_text(catalogue: Catalogue, voice: Voice, is_admin: bool) -> str:
    """The help text from the catalogue; admins also see their commands."""
    everyone = catalogue.for_audience(Audience.EVERYONE, Audience.CHAT_ADMINS)
    lines = [voice.fill(texts.HELP_INTRO), "", *_command_lines(everyone, voice)]
    if is_admin:
        admin = catalogue.for_audience(Audience.HERALD_ADMINS)
        lines += ["", voice.fill(texts.HELP_ADMIN_HEADING), *_command_lines(admin, voice)]
    return "\n".join([*lines, "", voice.fill(texts.HELP_QUOTES)])


def _command_lines(commands: Sequence[Command], voice: Voice) -> list[str]:
    return [voice.fill(texts.HELP_LINE, usage=command.usage, meaning=voice.text(command.help)) for command in commands]


def regions_text(regions: Sequence[RegionCount], voice: Voice) -> str:
    """The regions with their post counts and aliases."""
    if not regions:
        return voice.fill(texts.NO_REGIONS)
    lines = [voice.fill(texts.REGIONS_HEADING)]
    for region in regions:
        aliases = Html(voice.fill(texts.REGION_ALIASES, names=", ".join(region.aliases)) if region.aliases else "")
        lines.append(voice.plural(texts.REGION_LINE, region.posts, name=region.name, aliases=aliases))
    return "\n".join(lines)


def latest_text(latest: Latest, voice: Voice) -> str:
    """Date, title and the command that reads each post."""
    where = Html(voice.fill(texts.IN_REGION, region=latest.region) if latest.region else "")
    if not latest.posts:
        return voice.fill(texts.NO_POSTS, where=where)
    lines = [voice.fill(texts.LATEST_HEADING, where=where)]
    if latest.capped_from is not None:
        lines.append(voice.fill(texts.LATEST_CAPPED, asked=latest.capped_from, limit=MAX_LATEST))
    for post in latest.posts:
        region = "" if latest.region else f"{post.region}: "
        date = voice.date(post.date)
        lines.append(voice.fill(texts.LATEST_LINE, date=date, region=region, title=post.title, id=post.id))
    return "\n".join(lines)


def filter_text(current: Filter | None, voice: Voice) -> str:
    """What a chat receives."""
    if current is None or current.empty:
        return voice.fill(texts.RECEIVES_NOTHING)
    what = texts.EVERY_REGION if current.all_regions else ", ".join(current.regions)
    lines = [voice.fill(texts.RECEIVES, what=what)]
    if current.unknown:
        lines.append(voice.fill(texts.NO_POSTS_FOR, names=", ".join(current.unknown)))
    return "\n".join(lines)


def unconfirmed_text(error: UnconfirmedRegions, voice: Voice) -> str:
    """What is unknown, the closest known regions, and how to wait for the unknown ones anyway."""
    text = voice.fill(texts.UNCONFIRMED_REGIONS, unknown=_quoted(error.unknown, voice))
    if error.offered:
        corrected = join_words(error.picked)
        text += voice.fill(texts.DID_YOU_MEAN, guesses=", ".join(error.offered), corrected=corrected)
    return text + voice.fill(texts.CONFIRM_REGIONS, line=error.line)


def unconfirmed_offers(error: UnconfirmedRegions, voice: Voice) -> Offers:
    """Subscribe to the closest regions instead, or wait for the names as they were written."""
    names, line = ", ".join(error.picked), f"subscribe {join_words(error.picked)}"
    picked = (voice.plain(texts.SUBSCRIBE_BUTTON, names=names), line)
    waiting = (voice.plain(texts.WAIT_BUTTON, names=_quoted(error.unknown, voice)), f"subscribe {error.line}")
    return (picked, waiting) if error.offered else (waiting,)


def _quoted(names: Sequence[str], voice: Voice) -> str:
    return ", ".join(voice.text(texts.QUOTED).format(name) for name in names)


def channel_line(channel: Filter, voice: Voice) -> str:
    """One registered channel: its address, name, kind and language, what it receives, and whether it works."""
    what = texts.CHANNEL_ALL if channel.all_regions else ", ".join(channel.regions) or texts.CHANNEL_NOTHING
    reason = said(channel.inactive_reason, voice) if channel.inactive_reason else texts.UNREACHABLE
    state = Html("" if channel.active else voice.fill(texts.CHANNEL_INACTIVE, reason=reason))
    title = Html(f" {escape(channel.title)}" if channel.title else "")
    language = channel.language and voice.fill(texts.CHANNEL_LANGUAGE, language=voice.language_name(channel.language))
    kind = texts.KINDS.get(channel.kind, channel.kind)
    values = {"address": channel.address, "title": title, "kind": kind, "what": what, "state": state}
    return voice.fill(texts.CHANNEL_LINE, language=Html(language or ""), **values)


def channels_text(channels: Sequence[Filter], voice: Voice, example: str) -> str:
    """Every registered channel, group and room."""
    if not channels:
        return voice.fill(texts.NO_CHANNELS, example=example)
    return "\n".join([voice.fill(texts.CHANNELS_HEADING), *(channel_line(channel, voice) for channel in channels)])


def published_text(published: Published, voice: Voice) -> str:
    """The confirmation after publishing."""
    return voice.plural(texts.PUBLISHED, published.queued, id=published.post.id)


def revised_text(revised: Revised, voice: Voice, done: texts.Plural) -> str:
    """The confirmation after an edit or a delete (done: REVISED_EDITED or REVISED_DELETED)."""
    extra = voice.plural(texts.NEW_TARGETS, revised.new_targets) if revised.new_targets else ""
    return voice.plural(done, revised.copies, id=revised.post.id) + extra


def edited_text(revised: Revised, voice: Voice) -> str:
    """The confirmation after an edit: an unsent post only changed what will go out."""
    unsent = {PostStatus.DRAFT: texts.EDITED_DRAFT, PostStatus.SCHEDULED: texts.EDITED_SCHEDULED}
    if (template := unsent.get(revised.post.status)) is not None:
        return voice.fill(template, id=revised.post.id)
    return revised_text(revised, voice, texts.REVISED_EDITED)


def stats_text(stats: Stats, voice: Voice, detail: bool = False) -> str:
    """Delivery counts; for a post with failures, the failed targets by id (detail, in a private chat) or where
    to find them. One short line each, so that a long list splits cleanly into messages."""
    counts = stats.counts
    head = voice.plain(texts.STATS_POST, id=stats.post_id, title=stats.title or "") if stats.post_id else None
    deleted = Html(voice.fill(texts.STATS_DELETED, count=counts.deleted) if counts.deleted else "")
    text = voice.fill(
        texts.STATS, head=head or voice.text(texts.STATS_ALL), sent=counts.sent, pending=counts.pending,
        failed=counts.failed, skipped=counts.skipped, deleted=deleted, total=counts.total,
    )  # fmt: skip
    if stats.post_id is None or not counts.failed:
        return text
    if not detail:
        return text + "\n" + voice.fill(texts.STATS_FAILED_PRIVATE, count=counts.failed, id=stats.post_id)
    return "\n".join([text, voice.fill(texts.STATS_FAILED_HEAD), *_failed_lines(stats, voice)])


def _failed_lines(stats: Stats, voice: Voice) -> list[str]:
    lines = [
        voice.fill(texts.STATS_FAILED_LINE, chat_id=chat_id, reason=said(reason, voice)[:FAILED_REASON_LIMIT])
        for chat_id, reason in stats.failed
    ]
    if (more := stats.counts.failed - len(stats.failed)) > 0:
        lines.append(voice.fill(texts.STATS_FAILED_MORE, count=more))
    return lines


def draft_text(draft: PostView, voice: Voice, replaced: int | None, media: str) -> str:
    """What follows a preview: the draft's id and what to do next."""
    photos = Html(voice.plural(texts.PHOTO_COUNT, len(draft.photos)))
    text = voice.fill(texts.DRAFT, id=draft.id, region=draft.region, photos=photos, media=media)
    return text + (voice.fill(texts.DRAFT_REPLACES, id=replaced) if replaced else "")


def _when(item: Scheduled) -> str:
    return f"{item.at:%Y-%m-%d %H:%M} ({item.at.tzname()})"


def scheduled_text(item: Scheduled, voice: Voice) -> str:
    """The confirmation of a schedule."""
    return voice.fill(texts.SCHEDULED, id=item.post_id, title=item.title, when=_when(item))


def queue_text(items: Sequence[Scheduled], voice: Voice) -> str:
    """The posts waiting for their time."""
    if not items:
        return voice.fill(texts.NOTHING_SCHEDULED)
    lines = [
        voice.fill(texts.SCHEDULED_LINE, when=_when(item), id=item.post_id, region=item.region, title=item.title)
        for item in items
    ]
    return "\n".join([voice.fill(texts.SCHEDULED_HEADING), *lines])


def aliases_text(regions: Sequence[RegionCount], voice: Voice) -> str:
    """Every region that has aliases."""
    if not regions:
        return voice.fill(texts.NO_ALIASES)
    lines = [voice.fill(texts.ALIAS_LINE, region=region.name, names=", ".join(region.aliases)) for region in regions]
    return "\n".join([voice.fill(texts.ALIASES_HEADING), *lines])
