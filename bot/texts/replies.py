"""Replies to commands: regions, posts, subscriptions, channels, drafts, schedules and aliases."""

from bot.texts.model import Phrase, Plural

# Replies
NO_REGIONS = "No posts have been published yet, so there are no regions."
REGIONS_HEADING = "<b>Regions</b>"
REGION_LINE = Plural("{name}{aliases} – {count} post", "{name}{aliases} – {count} posts")
REGION_ALIASES = " (also: {names})"
NO_POSTS = "No posts{where} yet."
LATEST_HEADING = "<b>Latest posts{where}</b>"
IN_REGION = " in {region}"
LATEST_CAPPED = "(You asked for {asked}; showing at most {limit}.)"
LATEST_LINE = "{date} – {region}{title} – {p}read {id}"
RECEIVES_NOTHING = "This chat receives nothing yet. Try {p}subscribe UK, or {p}subscribe all."
RECEIVES = "This chat receives posts from: {what}."
EVERY_REGION = Phrase("every region")
NO_POSTS_FOR = "No posts exist yet for {names}; check the spelling with {p}regions."
CHANNEL_LINE = "<code>{address}</code>{title} ({kind}{language}) – {what}{state}"
CHANNEL_LANGUAGE = ", {language}"
CHANNEL_ALL, CHANNEL_NOTHING = Phrase("all"), Phrase("nothing")
UNREACHABLE = Phrase("unreachable")
KINDS = {
    "private": Phrase("private chat"),
    "group": Phrase("group"),
    "channel": Phrase("channel"),
    "room": Phrase("room"),
}
CHANNEL_INACTIVE = " – inactive: {reason}"
NO_CHANNELS = "No channels or groups are registered. Add one with {p}addchannel {example} UK."
CHANNELS_HEADING = "<b>Channels and groups</b>"
REGISTERED = "Registered: {line}"
REMOVED = "Removed: {line}"
LANGUAGE_CHANGED = "Language changed, regions kept: {line}"
PUBLISHED = Plural(
    "Published post #{id}. Delivering to {count} target.", "Published post #{id}. Delivering to {count} targets."
)
REVISED_EDITED = Plural(
    "Post #{id} edited. Editing {count} delivered copy.", "Post #{id} edited. Editing {count} delivered copies."
)
REVISED_DELETED = Plural(
    "Post #{id} deleted. Deleting {count} delivered copy.", "Post #{id} deleted. Deleting {count} delivered copies."
)
NEW_TARGETS = Plural(
    " It also goes to {count} newly matching target.", " It also goes to {count} newly matching targets."
)
EDITED_DRAFT = "Draft #{id} edited. Nothing is sent until it is published."
EDITED_SCHEDULED = "Scheduled post #{id} edited. It goes out as it stands now, at its time."
STATS = "<b>{head}</b>\nsent {sent} · pending {pending} · failed {failed} · skipped {skipped}{deleted} (total {total})"
STATS_ALL = "All posts"
STATS_POST = "Post #{id} {title}"
STATS_DELETED = " · deleted {count}"
DRAFT = (
    "Draft <b>#{id}</b> ({region}, {photos}): above is what subscribers will receive, "
    "Herald's own words in each chat's language. "
    "Send {media} to add them, then {p}publish or {p}cancel."
)
DRAFT_REPLACES = "\nIt replaces draft #{id}, which is discarded."
PHOTO_COUNT = Plural("{count} photo", "{count} photos")
PHOTO_NUMBER = "Photo {number}"  # an image without a credit, on Matrix
MEDIA = {"telegram": Phrase("photos"), "matrix": Phrase("images")}
PUBLISH_BUTTON, CANCEL_BUTTON = "✅ Publish", "✖ Cancel"
DISCARDED = "Draft #{id} discarded."
READ_ON = Plural(
    "Post #{id} goes on for {count} more message, too many for this chat: send {p}read {id} in {place} with me.",
    "Post #{id} goes on for {count} more messages, too many for this chat: send {p}read {id} in {place} with me.",
)
READ_ON_LINK = Plural(
    "Post #{id} goes on for {count} more message, too many for this chat: "
    '<a href="{link}">read it whole in a private chat with me</a>.',
    "Post #{id} goes on for {count} more messages, too many for this chat: "
    '<a href="{link}">read it whole in a private chat with me</a>.',
)
PRIVATE_CHAT = {
    "telegram": Phrase("a private chat", "in {place} with me"),
    "matrix": Phrase("a direct chat", "in {place} with me"),
}
SCHEDULED = "Post #{id} <b>{title}</b> will be published on {when}."
NOTHING_SCHEDULED = "Nothing is scheduled. Use {p}schedule ID yyyy-mm-dd HH:MM."
SCHEDULED_HEADING = "<b>Scheduled</b>"
SCHEDULED_LINE = "{when} – #{id} {region}: {title}"
ALIAS_ADDED = "“{name}” now means {region}."
ALIAS_REMOVED = "“{name}” is no longer an alias."
NO_ALIASES = 'No aliases yet. Add one with {p}alias UK "United Kingdom".'
ALIASES_HEADING = "<b>Aliases</b>"
ALIAS_LINE = "{region}: {names}"
