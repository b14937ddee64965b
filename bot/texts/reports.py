"""Reports to the admin chats, broadcast progress, failures and the reasons Herald gives for them."""

from bot.texts.model import Phrase, Plural

# Reports to the admin chats
REPORT_ADDED = "Herald was added to {kind} {name} as {status}. Register it with {p}addchannel {chat_id} REGION…"
CHAT_TYPES = {"group": Phrase("group"), "supergroup": Phrase("group"), "channel": Phrase("channel")}
MEMBER_STATUSES = {
    "creator": Phrase("its owner"),
    "administrator": Phrase("an administrator"),
    "member": Phrase("a member"),
    "restricted": Phrase("a member with restrictions"),
}
REPORT_PROMOTED = "Herald is now an administrator of {name}."
REPORT_REMOVED = "Herald was removed from {kind} {name}.{note}"
REPORT_NO_LONGER_RECEIVES = Phrase(" It no longer receives posts.")
REPORT_SCHEDULED_PUBLISHED = Plural(
    "Scheduled post #{id} <b>{title}</b> is published: delivering to {count} target.",
    "Scheduled post #{id} <b>{title}</b> is published: delivering to {count} targets.",
)
REPORT_JOINED_ROOM = (
    "Herald joined room <code>{room}</code>, invited by {inviter}. "
    "Its moderators can {p}subscribe REGION there, or register it with {p}addchannel {room} REGION…"
)
SOMEONE = Phrase("someone", "invited by {inviter}")  # who invited Herald, when the invite does not say
REPORT_LEFT_ROOM = "Herald left room <code>{room}</code> ({reason}); it no longer receives posts."

# Broadcast progress, edited into the admin's confirmation, and the failure report
PROGRESS = (
    "Publishing post #{id} <b>{title}</b>: {done}/{total} done · sent {sent} · failed {failed} · pending {pending}"
)
DELIVERED = (
    "Post #{id} <b>{title}</b> delivered in {duration}: sent {sent}/{total} · failed {failed} · skipped {skipped}"
)
DELETING_PROGRESS = "Deleting post #{id}: deleted {deleted} · failed {failed} · pending {pending}"
DELETED_IN = "Post #{id} deleted in {duration}: deleted {deleted} · failed {failed} · pending {pending}"
MILLISECONDS, SECONDS = "{value} ms", "{value} s"
FAILED_DELETES = Plural(
    "Post #{id}: {count} copy could not be deleted (Telegram deletes only messages younger than 48 hours).",
    "Post #{id}: {count} copies could not be deleted (Telegram deletes only messages younger than 48 hours).",
)
FAILED_SENDS = Plural(
    "Post #{id}: {count} target could not be reached.", "Post #{id}: {count} targets could not be reached."
)
FAILURE_LINE = "• {name}: {reason}"
MORE_FAILURES = "…and {count} more (see {p}stats {id})."
LOOP_FAILING = Plural(
    "⚠️ Herald's {name} keeps failing ({count} time in a row): {error}. "
    "It keeps retrying, at most {cap} s apart; see the log.",
    "⚠️ Herald's {name} keeps failing ({count} times in a row): {error}. "
    "It keeps retrying, at most {cap} s apart; see the log.",
)
LOOP_RECOVERED = Plural(
    "✅ Herald's {name} works again after {count} failure.", "✅ Herald's {name} works again after {count} failures."
)
LOOP_NAMES = {
    "outbox": Phrase("outbox"),
    "broadcast progress": Phrase("broadcast progress"),
    "scheduler": Phrase("scheduler"),
}  # by the name the log uses
CHAT_NAME = "{title} (<code>{chat_id}</code>)"

# Why a target stopped receiving or a delivery was skipped, as Herald says it (a platform's reason shows as it is)
REASON_GONE = "the post or the target is gone"
REASON_WITHDRAWN = "the post was withdrawn"
REASON_DELETED = "the post was deleted"
REASON_NO_PLATFORM = "the platform is not configured"
REASON_UNKNOWN = "unknown error"
REASON_BANNED_FROM_CHAT = "removed from the chat and banned"
REASON_REMOVED_FROM_CHAT = "removed from the chat"
REASON_OUT_OF_CHAT = "removed from the chat ({membership})"  # a status Herald does not know, as Telegram says it
REASON_BANNED_FROM_ROOM = "banned from the room"
REASON_REMOVED_FROM_ROOM = "removed from the room, or left it"
REASON_OUT_OF_ROOM = "removed from the room ({membership})"  # a membership Herald does not know, as Matrix says it

# Noise and exposure: failure reports by reason, per-target detail in /stats, floods, photos in admin chats
FAILURE_REASON = "• {reason}: {count}"
FAILURES_DETAIL = "Which targets: {p}stats {id} in a private chat with Herald."
STATS_FAILED_HEAD = "Failed targets (id: reason):"
STATS_FAILED_LINE = "• <code>{chat_id}</code>: {reason}"
STATS_FAILED_MORE = "…and {count} more."
STATS_FAILED_PRIVATE = "{count} failed; send {p}stats {id} in a private chat with Herald to see which targets."
SLOW_DOWN = "Too many commands at once: slow down. Herald ignores your commands here until you pause for a few seconds."
PHOTOS_ADDED_BY = Plural("Added {count} photo from {who}.", "Added {count} photos from {who}.")
DRAFT_MARK = "Draft #{id} ("  # how a draft's notice begins, as plain text: a photo replying to it joins that draft
