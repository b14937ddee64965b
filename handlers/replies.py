"""Replies built from the services' answers with the templates of `bot.texts`, for the platform's prefix."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Catalogue, Command
from bot.domain.models import PostStatus, PostView, RegionCount
from bot.domain.render import format_date
from bot.domain.text import Html, escape, fill
from bot.services.admin import Stats
from bot.services.compose import Published
from bot.services.editing import Revised
from bot.services.reading import MAX_LATEST, Latest
from bot.services.scheduling import Scheduled
from bot.services.subscriptions import Filter

FAILED_REASON_LIMIT = 200  # a platform's error text can be long; one line per target keeps /stats split-safe


def help_text(catalogue: Catalogue, prefix: str, is_admin: bool) -> str:
    """The help text from the catalogue; admins also see their commands."""
    everyone = catalogue.for_audience(Audience.EVERYONE, Audience.CHAT_ADMINS)
    lines = [texts.HELP_INTRO, "", *_command_lines(everyone, prefix)]
    if is_admin:
        admin = catalogue.for_audience(Audience.HERALD_ADMINS)
        lines += ["", texts.HELP_ADMIN_HEADING, *_command_lines(admin, prefix)]
    return "\n".join([*lines, "", texts.HELP_QUOTES])


def _command_lines(commands: Sequence[Command], prefix: str) -> list[str]:
    return [fill(texts.HELP_LINE, prefix, usage=command.usage, meaning=command.help) for command in commands]


def regions_text(regions: Sequence[RegionCount], prefix: str) -> str:
    """The regions with their post counts and aliases."""
    if not regions:
        return texts.NO_REGIONS
    lines = [texts.REGIONS_HEADING]
    for region in regions:
        aliases = Html(fill(texts.REGION_ALIASES, prefix, names=", ".join(region.aliases)) if region.aliases else "")
        noun = "post" if region.posts == 1 else "posts"
        lines.append(fill(texts.REGION_LINE, prefix, name=region.name, aliases=aliases, count=region.posts, noun=noun))
    return "\n".join(lines)


def latest_text(latest: Latest, prefix: str) -> str:
    """Date, title and the command that reads each post."""
    where = fill(texts.IN_REGION, prefix, region=latest.region) if latest.region else ""
    if not latest.posts:
        return fill(texts.NO_POSTS, prefix, where=Html(where))
    lines = [fill(texts.LATEST_HEADING, prefix, where=Html(where))]
    if latest.capped_from is not None:
        lines.append(fill(texts.LATEST_CAPPED, prefix, asked=latest.capped_from, limit=MAX_LATEST))
    for post in latest.posts:
        region = "" if latest.region else f"{post.region}: "
        line = fill(texts.LATEST_LINE, prefix, date=format_date(post.date), region=region, title=post.title, id=post.id)
        lines.append(line)
    return "\n".join(lines)


def filter_text(current: Filter | None, prefix: str) -> str:
    """What a chat receives."""
    if current is None or current.empty:
        return fill(texts.RECEIVES_NOTHING, prefix)
    what = texts.EVERY_REGION if current.all_regions else ", ".join(current.regions)
    lines = [fill(texts.RECEIVES, prefix, what=what)]
    if current.unknown:
        lines.append(fill(texts.NO_POSTS_FOR, prefix, names=", ".join(current.unknown)))
    return "\n".join(lines)


def channel_line(channel: Filter, prefix: str) -> str:
    """One registered channel."""
    what = "all" if channel.all_regions else ", ".join(channel.regions) or "nothing"
    reason = channel.inactive_reason or "unreachable"
    state = Html("" if channel.active else fill(texts.CHANNEL_INACTIVE, prefix, reason=reason))
    title = Html(f" {escape(channel.title)}" if channel.title else "")
    return fill(
        texts.CHANNEL_LINE, prefix, address=channel.address, title=title, kind=channel.kind, what=what, state=state
    )


def channels_text(channels: Sequence[Filter], prefix: str, example: str) -> str:
    """Every registered channel, group and room."""
    if not channels:
        return fill(texts.NO_CHANNELS, prefix, example=example)
    return "\n".join([texts.CHANNELS_HEADING, *(channel_line(channel, prefix) for channel in channels)])


def published_text(published: Published, prefix: str) -> str:
    """The confirmation after publishing."""
    noun = "target" if published.queued == 1 else "targets"
    return fill(texts.PUBLISHED, prefix, id=published.post.id, count=published.queued, noun=noun)


def revised_text(revised: Revised, prefix: str, done: str, doing: str) -> str:
    """The confirmation after an edit or a delete."""
    noun = "copy" if revised.copies == 1 else "copies"
    extra = Html(fill(texts.NEW_TARGETS, prefix, count=revised.new_targets) if revised.new_targets else "")
    values = {"id": revised.post.id, "done": done, "doing": doing, "count": revised.copies, "noun": noun}
    return fill(texts.REVISED, prefix, extra=extra, **values)


def edited_text(revised: Revised, prefix: str) -> str:
    """The confirmation after an edit: an unsent post only changed what will go out."""
    unsent = {PostStatus.DRAFT: texts.EDITED_DRAFT, PostStatus.SCHEDULED: texts.EDITED_SCHEDULED}
    if (template := unsent.get(revised.post.status)) is not None:
        return fill(template, prefix, id=revised.post.id)
    return revised_text(revised, prefix, texts.EDITED, texts.EDITING)


def stats_text(stats: Stats, prefix: str, detail: bool = False) -> str:
    """Delivery counts; for a post with failures, the failed targets by id (detail, in a private chat) or where
    to find them. One short line each, so that a long list splits cleanly into messages."""
    counts = stats.counts
    head = f"Post #{stats.post_id} {stats.title or ''}" if stats.post_id else texts.STATS_ALL
    deleted = f" · deleted {counts.deleted}" if counts.deleted else ""
    text = fill(
        texts.STATS, prefix, head=head, sent=counts.sent, pending=counts.pending, failed=counts.failed,
        skipped=counts.skipped, deleted=deleted, total=counts.total,
    )  # fmt: skip
    if stats.post_id is None or not counts.failed:
        return text
    if not detail:
        return text + "\n" + fill(texts.STATS_FAILED_PRIVATE, prefix, count=counts.failed, id=stats.post_id)
    return "\n".join([text, texts.STATS_FAILED_HEAD, *_failed_lines(stats, prefix)])


def _failed_lines(stats: Stats, prefix: str) -> list[str]:
    lines = [
        fill(texts.STATS_FAILED_LINE, prefix, chat_id=chat_id, reason=reason[:FAILED_REASON_LIMIT])
        for chat_id, reason in stats.failed
    ]
    if (more := stats.counts.failed - len(stats.failed)) > 0:
        lines.append(fill(texts.STATS_FAILED_MORE, prefix, count=more))
    return lines


def draft_text(draft: PostView, prefix: str, replaced: int | None, media: str) -> str:
    """What follows a preview: the draft's id and what to do next."""
    count = len(draft.photos)
    photos = f"{count} photo{'' if count == 1 else 's'}"
    text = fill(texts.DRAFT, prefix, id=draft.id, region=draft.region, photos=photos, media=media)
    return text + (fill(texts.DRAFT_REPLACES, prefix, id=replaced) if replaced else "")


def _when(item: Scheduled) -> str:
    return f"{item.at:%Y-%m-%d %H:%M} ({item.at.tzname()})"


def scheduled_text(item: Scheduled, prefix: str) -> str:
    """The confirmation of a schedule."""
    return fill(texts.SCHEDULED, prefix, id=item.post_id, title=item.title, when=_when(item))


def queue_text(items: Sequence[Scheduled], prefix: str) -> str:
    """The posts waiting for their time."""
    if not items:
        return fill(texts.NOTHING_SCHEDULED, prefix)
    lines = [
        fill(texts.SCHEDULED_LINE, prefix, when=_when(item), id=item.post_id, region=item.region, title=item.title)
        for item in items
    ]
    return "\n".join([texts.SCHEDULED_HEADING, *lines])


def aliases_text(regions: Sequence[RegionCount], prefix: str) -> str:
    """Every region that has aliases."""
    if not regions:
        return fill(texts.NO_ALIASES, prefix)
    lines = [fill(texts.ALIAS_LINE, prefix, region=region.name, names=", ".join(region.aliases)) for region in regions]
    return "\n".join([texts.ALIASES_HEADING, *lines])
