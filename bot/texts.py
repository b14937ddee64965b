"""Every text Herald writes itself, in one place: replies, errors, help, reports and the broadcast frame.

These English texts are the message ids of the catalogues (`bot/locales/<lang>/LC_MESSAGES/herald.po`): a `Voice`
translates a text into a chat's language, then fills it in. Templates are HTML. `{p}` is the platform's command
prefix (`/` on Telegram, `!` on Matrix); the other fields are values, escaped before they are put in. A text that
counts something is a `Plural`, so that each language gets its own plural forms; a `Phrase` is a text that goes
into another one as a value, translated with it. `python -m bot.pot` writes the catalogue template from here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """A text that depends on a number: the English singular and plural (other languages have their own forms)."""

    one: str
    other: str


class Phrase(str):
    """A text of this module used as a value in another text: translated before it is filled in. Its context (a
    msgctxt) names the sentence it goes in, for a language that words it there in a case of its own."""

    context: str | None

    def __new__(cls, text: str, context: str | None = None) -> "Phrase":
        phrase = super().__new__(cls, text)
        phrase.context = context
        return phrase


# Errors: arguments
QUOTE_NOT_CLOSED = 'A quote is not closed. Example: {p}subscribe "United Kingdom" Brazil'
NOT_A_NUMBER = "{what} must be a number, not “{text}”."
NUMBER_TOO_LARGE = "{what} “{text}” is too large: no post has such a number."
POST_ID = Phrase("The post id")
HOW_MANY = Phrase("The number of posts")
DRAFT_ID = Phrase("The draft id")

# Errors: title lines and posts
NOT_A_DATE = "“{text}” is not a date. Write it as d.m.yyyy (16.1.2026) or yyyy-mm-dd."
NOT_A_REAL_DATE = "{text} is not a real date: check the day and the month."
NO_REGION_PREFIX = "The title line needs a region prefix, like this:\n{form}"
NO_TITLE = "The title is missing after “{region}:”. Expected: {form}"
TITLE_TOO_LONG = "The title is {length} characters long; keep it under {limit}."
NO_POST_TEXT = "Write the post after the command:\n{p}post Region: Title (16.1.2026)\nBody…"
BODY_TOO_LONG = "The body is {length} characters long; the most a post can hold is {limit}."
TOO_MANY_PHOTOS = (
    "A post holds at most {limit} photos; this one would have {count}. Nothing was added: send fewer photos."
)
TOO_MANY_NEW_PHOTOS = "A post holds at most {limit} photos; you sent {count}. Nothing was changed."
NO_OPEN_DRAFT = "There is no open draft here. Start one with {p}post Region: Title."
NO_DRAFT = "There is no draft #{id}."
ALREADY_PUBLISHED = "Draft #{id} was already published."
ALREADY_DISCARDED = "Draft #{id} was already discarded."
ALREADY_DELETED = "Post #{id} was already deleted."
IS_SCHEDULED = "Post #{id} is scheduled: {p}scheduled shows when it goes out."
NO_POST = "There is no post #{id}."
NO_PUBLISHED_POST = "There is no post #{id}. Send {p}latest to see recent posts."
IS_A_DRAFT = "Draft #{id} is not published yet: {p}cancel {id} discards it."
NO_PHOTOS_DRAFT = "No draft is open. Put {p}post Region: Title in the caption to start one with this photo."

# Errors: reading and subscriptions
TOO_FEW_LATEST = "Ask for at least one post (up to {limit})."
UNKNOWN_REGION = "There is no region called “{name}”. Known regions: {known}."
NO_REGIONS_YET = Phrase("none yet")
NAME_A_REGION = "Name at least one region, or all. Example: {p}subscribe UK Brazil"
REGION_TOO_LONG = "“{name}…” is too long for a region name."
FILTER_FULL = (
    "A chat can follow at most {limit} regions; this would make {count}, so nothing was changed. "
    "Send {p}unsubscribe for some first, or {p}subscribe all."
)
UNCONFIRMED_REGIONS = "No posts yet for {unknown}, so nothing was changed."
DID_YOU_MEAN = "\nDid you mean {guesses}? Send {p}subscribe {corrected}"
CONFIRM_REGIONS = "\nTo wait for the first post anyway, send {p}subscribe {line}"
SUBSCRIBE_BUTTON = "✅ {names}"  # button labels are plain text
WAIT_BUTTON = "⏳ Wait for {names}"
QUOTED = "“{}”"
CHAT_ADMINS_ONLY_GROUP = "Only this group's admins can change what the group receives."
CHAT_ADMINS_ONLY_ROOM = "Only this room's moderators and admins (power level 50 or more) can change what it receives."

# Errors: admin tools
ALIAS_LENGTH = "An alias is 1 to {limit} characters long."
ALIAS_NO_REGION = "There is no region called “{name}” yet: aliases name existing regions."
ALIAS_OWN_NAME = "“{name}” is already the region's own name."
ALIAS_IS_REGION = "“{name}” is a region of its own, so it cannot be an alias."
NOT_AN_ALIAS = "“{name}” is not an alias. Send {p}aliases for the list."
NOT_REGISTERED = "{target} is not registered. Send {p}channels for the list."

# Errors: scheduling
SCHEDULE_USAGE = "Usage: {p}schedule ID yyyy-mm-dd HH:MM, for example {p}schedule 12 2026-01-16 09:30"
ALREADY_PASSED = "{day} {time} has already passed ({zone}). Pick a later time."
NOTHING_TO_SCHEDULE = "There is no draft #{id} to schedule."
SCHEDULE_NOT_A_DATE = "“{day}” is not a date. " + SCHEDULE_USAGE
SCHEDULE_NOT_A_TIME = "“{time}” is not a time. " + SCHEDULE_USAGE

# Usage lines
EDIT_USAGE = "Usage: {p}edit ID, then the new title line and body:\n{p}edit 42\nUK: Bridge Reopens (16.1.2026)\nBody…"
DELETE_USAGE = "Usage: {p}delete ID"
ALIAS_USAGE = 'Usage: {p}alias REGION NAME, for example {p}alias UK "United Kingdom".'
UNALIAS_USAGE = "Usage: {p}unalias NAME"
READ_WHICH = "Which post? Send {p}read ID, for example {p}read 42. {p}latest lists recent posts."
ADDCHANNEL_USAGE_TELEGRAM = (
    "Usage: {p}addchannel TARGET [REGION …|all] [lang=ru], where TARGET is -100123, @name or -100123:7 for a "
    "topic, and lang is the language of the frame around each post (English unless you say)."
)
ADDCHANNEL_USAGE_MATRIX = (
    "Usage: {p}addchannel ROOM [REGION …|all] [lang=ru], where ROOM is a room id (!abc:server, or !abc… with no "
    "server in newer rooms) or an alias (#news:server), and lang is the language of the frame around each post "
    "(English unless you say)."
)
ADDCHANNEL_USAGE = {"telegram": ADDCHANNEL_USAGE_TELEGRAM, "matrix": ADDCHANNEL_USAGE_MATRIX}
REMOVECHANNEL_USAGE = "Usage: {p}removechannel TARGET (see {p}channels)."

# Errors: channels on Telegram
TOPIC_NOT_A_NUMBER = "“{target}” has a topic id that is not a number. " + ADDCHANNEL_USAGE_TELEGRAM
NOT_A_CHAT = "“{target}” is not a chat. " + ADDCHANNEL_USAGE_TELEGRAM
CHAT_NOT_FOUND = "I can't find the chat {target}. Add me to it first, then try again."
CANNOT_POST_IN_CHAT = "I can't post in {title}: make me {need} there, then try again."
NEED_CHANNEL_ADMIN = Phrase("an admin with the right to post messages")
NEED_MEMBER = Phrase("a member who can send messages")
USERNAME_NOT_FOUND = "I can't find {target}; use its numeric id from {p}channels."
MATRIX_ROOM_ON_TELEGRAM = "{target} is a Matrix room: register it from Matrix, in a direct chat with the bot."

# Errors: channels on Matrix
ROOM_NOT_FOUND = "I can't find the room {target}."
TELEGRAM_CHAT_ON_MATRIX = "{target} is a Telegram chat: register it from Telegram, in a private chat with the bot."
NOT_A_ROOM = "“{target}” is not a Matrix room. " + ADDCHANNEL_USAGE_MATRIX
CANNOT_JOIN = "I can't join {target}. Invite me to it first, then try again."
CANNOT_POST_IN_ROOM = "I can't post in {target}: give me power level {need} there, then try again."

# Refusals and failures
ADMINS_ONLY = "Only Herald's admins can use this command, in a private chat with me or in an admin chat."
ADMINS_ONLY_MATRIX = "Only Herald's admins can use this command, in a direct chat with me or in an admin room."
NOT_AS_CHANNEL_POST = "Admin commands are not accepted as channel posts. Send them to me in a private chat."
UNKNOWN_COMMAND = "I don't know the command {p}{name}. Send {p}help for the list."
SOMETHING_WENT_WRONG = "Something went wrong on my side and nothing was saved. Please try again."
STALE_BUTTON = "This preview is too old; use {p}publish instead."

# The frame of a broadcast copy (and of a whole post): the post's own words are never translated
DATE_FORMAT = "d MMMM y"  # a CLDR date pattern (Babel): 16 January 2026
READ_FULL_POST = "Read the full post"  # the text of the link to it
READ_FULL_POST_WITH = "Read the full post: {p}read {id}"  # where there is no link
CREDIT = "📷 {credit}"

# The language of a chat
HELP_LANGUAGE = "the language Herald speaks in this chat"
LANGUAGE_HERE = "Herald speaks {language} in this chat."
LANGUAGE_OF_APP = "Herald speaks {language} in this chat, the language of your Telegram app."
LANGUAGE_CHOICES = "To change it, send one of these:"
LANGUAGE_CHOICE = "{p}language {code} – {name}"
LANGUAGE_SET = "Done: Herald speaks {language} in this chat from now on."
UNKNOWN_LANGUAGE = "Herald does not speak “{code}”. Choose one of: {choices}."
LANGUAGE_OPTION = "{code} ({name})"

# Help: one line per command, after its usage
HELP_START = "what Herald does"
HELP_HELP = "this list"
HELP_REGIONS = "the known regions and their post counts"
HELP_LATEST = "the N newest posts (5 unless you say, at most 20)"
HELP_READ = "a whole post"
HELP_SUBSCRIBE = (
    "get new posts of these regions here (100 at most; put new first to wait for a region with no posts yet)"
)
HELP_UNSUBSCRIBE = "stop them"
HELP_SUBSCRIPTIONS = "what this chat receives"
HELP_POST = "start a draft; the body goes on the next lines; add photos"
HELP_PUBLISH = "publish the open draft, or draft ID"
HELP_CANCEL = "discard the open draft"
HELP_EDIT = "replace a post (new title line and body below); every delivered copy is edited"
HELP_DELETE = "retract a post and delete every delivered copy"
HELP_SCHEDULE = "publish draft ID at that time"
HELP_SCHEDULED = "the posts waiting for their time"
HELP_ADDCHANNEL = "deliver to a channel, group, topic (chat_id:topic_id) or room"
HELP_REMOVECHANNEL = "stop delivering there"
HELP_CHANNELS = "the registered channels, groups and rooms"
HELP_ALIAS = "make NAME another name of REGION (quote names with spaces)"
HELP_UNALIAS = "forget an alias"
HELP_ALIASES = "the aliases"
HELP_STATS = "delivery counts"

# Help
HELP_INTRO = "<b>Herald</b> publishes regional news. Subscribe to the regions you follow and new posts arrive here."
HELP_ADMIN_HEADING = "<b>Admin commands</b>"
HELP_QUOTES = "Quote region names that contain spaces: “United Kingdom” works too."
HELP_LINE = "{p}{usage} – {meaning}"

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
    "Draft <b>#{id}</b> ({region}, {photos}): above is exactly what subscribers will receive. "
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

# Choosing regions: /subscribe with no region (toggle buttons on Telegram, a list of commands on Matrix)
PICK_HEADING = "<b>Regions for this chat</b>: tap one to switch it on or off."
PICK_HEADING_LIST = "<b>Regions for this chat</b> (✅ = it receives them): send a command to switch one on or off."
PICK_NO_REGIONS = "No region has posts yet."
PICK_RECEIVES_NOTHING = "This chat receives nothing yet."
PICK_RECEIVES_SOME = "This chat receives posts from: {names} and {count} more."
PICK_ALL = "All regions"
PICK_PREVIOUS, PICK_NEXT = "‹ Previous", "Next ›"
PICK_LINE = "{mark} {name} – {p}{command}"
PICK_LINE_ALL = "{mark} {name}"  # under all regions, one region can't be switched off by typing
PICK_ONE_BY_ONE = "To pick regions one by one, send {p}unsubscribe all first."
PICK_SWITCHED_ON = "{name}: on"
PICK_SWITCHED_OFF = "{name}: off"
PICK_ALL_ON, PICK_ALL_OFF = "All regions: on", "All regions: off"
PICK_STALE = "These buttons are out of date: send {p}subscribe for the current ones."
PAGE_NUMBER = Phrase("The page number")
