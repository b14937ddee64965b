"""Help, one line per command, and the language of a chat."""

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
