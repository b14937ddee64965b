"""The text of Herald's replies, as HTML that both Telegram and Matrix accept."""

from collections.abc import Sequence

from bot.domain.models import PostView, RegionCount
from bot.domain.render import format_date
from bot.domain.text import escape
from bot.services.admin import Stats
from bot.services.compose import Published
from bot.services.editing import Revised
from bot.services.reading import MAX_LATEST, Latest
from bot.services.scheduling import Scheduled
from bot.services.subscriptions import Filter

EVERYONE_COMMANDS = (
    ("start", "what Herald does"),
    ("help", "this list"),
    ("regions", "the known regions and their post counts"),
    ("latest [REGION] [N]", f"the N newest posts (5 unless you say, at most {MAX_LATEST})"),
    ("read ID", "a whole post"),
    ("subscribe REGION … | all", "get new posts of these regions here"),
    ("unsubscribe REGION … | all", "stop them"),
    ("subscriptions", "what this chat receives"),
)
ADMIN_COMMANDS = (
    ("post Region: Title (d.m.yyyy)", "start a draft; the body goes on the next lines; add photos"),
    ("publish [ID]", "publish the open draft, or draft ID"),
    ("cancel", "discard the open draft"),
    ("edit ID", "replace a post (new title line and body below); every delivered copy is edited"),
    ("delete ID", "retract a post and delete every delivered copy"),
    ("schedule ID yyyy-mm-dd HH:MM", "publish draft ID at that time"),
    ("scheduled", "the posts waiting for their time"),
    ("addchannel TARGET [REGION …|all]", "deliver to a channel, group or topic (chat_id:topic_id)"),
    ("removechannel TARGET", "stop delivering there"),
    ("channels", "the registered channels and groups"),
    ("alias REGION NAME", "make NAME another name of REGION (quote names with spaces)"),
    ("unalias NAME", "forget an alias"),
    ("aliases", "the aliases"),
    ("stats [ID]", "delivery counts"),
)


def help_text(prefix: str, is_admin: bool) -> str:
    """The /help text; admins also see their commands."""
    lines = [
        "<b>Herald</b> publishes regional news. Subscribe to the regions you follow and new posts arrive here.",
        "",
        *_command_lines(prefix, EVERYONE_COMMANDS),
    ]
    if is_admin:
        lines += ["", "<b>Admin commands</b>", *_command_lines(prefix, ADMIN_COMMANDS)]
    lines += ["", "Quote region names that contain spaces: “United Kingdom” works too."]
    return "\n".join(lines)


def _command_lines(prefix: str, commands: Sequence[tuple[str, str]]) -> list[str]:
    return [f"{escape(prefix + usage)} – {escape(meaning)}" for usage, meaning in commands]


def regions_text(regions: Sequence[RegionCount]) -> str:
    """The /regions answer."""
    if not regions:
        return "No posts have been published yet, so there are no regions."
    lines = ["<b>Regions</b>"]
    for region in regions:
        aliases = f" (also: {escape(', '.join(region.aliases))})" if region.aliases else ""
        noun = "post" if region.posts == 1 else "posts"
        lines.append(f"{escape(region.name)}{aliases} – {region.posts} {noun}")
    return "\n".join(lines)


def latest_text(latest: Latest, prefix: str) -> str:
    """The /latest answer: date, title and the command that reads each post."""
    where = f" in {escape(latest.region)}" if latest.region else ""
    if not latest.posts:
        return f"No posts{where} yet."
    lines = [f"<b>Latest posts{where}</b>"]
    if latest.capped_from is not None:
        lines.append(f"(You asked for {latest.capped_from}; showing at most {MAX_LATEST}.)")
    for post in latest.posts:
        region = "" if latest.region else f"{escape(post.region)}: "
        lines.append(f"{format_date(post.date)} – {region}{escape(post.title)} – {prefix}read {post.id}")
    return "\n".join(lines)


def filter_text(current: Filter | None, prefix: str) -> str:
    """What a chat receives."""
    if current is None or current.empty:
        return f"This chat receives nothing yet. Try {prefix}subscribe UK, or {prefix}subscribe all."
    what = "every region" if current.all_regions else ", ".join(current.regions)
    lines = [f"This chat receives posts from: {escape(what)}."]
    if current.unknown:
        names = ", ".join(current.unknown)
        lines.append(f"No posts exist yet for {escape(names)}; check the spelling with {prefix}regions.")
    return "\n".join(lines)


def channel_line(channel: Filter) -> str:
    """One registered channel in /channels."""
    what = "all" if channel.all_regions else ", ".join(channel.regions) or "nothing"
    state = "" if channel.active else f" – inactive: {escape(channel.inactive_reason or 'unreachable')}"
    title = f" {escape(channel.title)}" if channel.title else ""
    return f"<code>{escape(str(channel.address))}</code>{title} ({channel.kind}) – {escape(what)}{state}"


def channels_text(channels: Sequence[Filter]) -> str:
    """The /channels answer."""
    if not channels:
        return "No channels or groups are registered. Add one with /addchannel @name UK."
    return "\n".join(["<b>Channels and groups</b>", *(channel_line(channel) for channel in channels)])


def published_text(published: Published) -> str:
    """The confirmation after publishing."""
    noun = "target" if published.queued == 1 else "targets"
    return f"Published post #{published.post.id}. Delivering to {published.queued} {noun}."


def revised_text(revised: Revised, done: str, doing: str) -> str:
    """The confirmation after an edit or a delete."""
    noun = "copy" if revised.copies == 1 else "copies"
    extra = f" It also goes to {revised.new_targets} newly matching targets." if revised.new_targets else ""
    return f"Post #{revised.post.id} {done}. {doing} {revised.copies} delivered {noun}.{extra}"


def stats_text(stats: Stats) -> str:
    """The /stats answer."""
    counts = stats.counts
    head = f"Post #{stats.post_id} {escape(stats.title or '')}" if stats.post_id else "All posts"
    deleted = f" · deleted {counts.deleted}" if counts.deleted else ""
    return (
        f"<b>{head}</b>\nsent {counts.sent} · pending {counts.pending} · "
        f"failed {counts.failed} · skipped {counts.skipped}{deleted} (total {counts.total})"
    )


def draft_text(draft: PostView, prefix: str, replaced: int | None = None, media: str = "photos") -> str:
    """What follows a preview: the draft's id and what to do next."""
    count = len(draft.photos)
    photos = f"{count} photo{'' if count == 1 else 's'}"
    text = (
        f"Draft <b>#{draft.id}</b> ({escape(draft.region)}, {photos}): above is exactly what subscribers "
        f"will receive. Send {media} to add them, then {prefix}publish or {prefix}cancel."
    )
    return text + (f"\nIt replaces draft #{replaced}, which is discarded." if replaced else "")


def discarded_text(draft_id: int) -> str:
    return f"Draft #{draft_id} discarded."


def _when(item: Scheduled) -> str:
    return f"{item.at:%Y-%m-%d %H:%M} ({item.at.tzname()})"


def scheduled_text(item: Scheduled) -> str:
    """The confirmation of /schedule."""
    return f"Post #{item.post_id} <b>{escape(item.title)}</b> will be published on {_when(item)}."


def queue_text(items: Sequence[Scheduled], prefix: str) -> str:
    """The /scheduled answer."""
    if not items:
        return f"Nothing is scheduled. Use {prefix}schedule ID yyyy-mm-dd HH:MM."
    lines = [f"{_when(item)} – #{item.post_id} {escape(item.region)}: {escape(item.title)}" for item in items]
    return "<b>Scheduled</b>\n" + "\n".join(lines)


def alias_added_text(name: str, region: str) -> str:
    return f"“{escape(name)}” now means {escape(region)}."


def alias_removed_text(name: str) -> str:
    return f"“{escape(name)}” is no longer an alias."


def aliases_text(regions: Sequence[RegionCount], prefix: str) -> str:
    """The /aliases answer."""
    if not regions:
        return f'No aliases yet. Add one with {prefix}alias UK "United Kingdom".'
    lines = [f"{escape(region.name)}: {escape(', '.join(region.aliases))}" for region in regions]
    return "<b>Aliases</b>\n" + "\n".join(lines)
