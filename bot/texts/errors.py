"""Errors, usage lines and refusals: what Herald says when it can't do what was asked."""

from bot.texts.model import Phrase

# Errors: arguments
QUOTE_NOT_CLOSED = 'A quote is not closed. Example: {p}subscribe "United Kingdom" Brazil'
NOT_A_NUMBER = "{what} must be a number, not “{text}”."
NUMBER_TOO_LARGE = "{what} “{text}” is too large."
POST_ID = Phrase("The post id")
EXPECTED_FORM = Phrase("Region: Title (16.1.2026)")  # a title line as an example
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
NOT_A_REGION_NAME = "“{name}” can't be a region: a title line names its region in letters, digits and spaces ({form})."
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
CHAT_ADMINS_ONLY_GROUP = "Only this group's admins can change its settings: what it receives and its language."
CHAT_ADMINS_ONLY_ROOM = (
    "Only this room's moderators and admins (power level 50 or more) can change its settings: what it receives "
    "and its language."
)

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
