"""Every text Herald writes itself, by area: replies, errors, help, reports and the broadcast frame.

These English texts are the message ids of the catalogues (`bot/locales/<lang>/LC_MESSAGES/herald.po`): a `Voice`
translates a text into a chat's language, then fills it in. Templates are HTML. `{p}` is the platform's command
prefix (`/` on Telegram, `!` on Matrix); the other fields are values, escaped before they are put in. A text that
counts something is a `Plural`, so that each language gets its own plural forms; a `Phrase` is a text that goes
into another one as a value, translated with it. `python -m bot.pot` writes the catalogue template from
here: every upper-case name of this package, in the order of the modules below.
"""

# Every text is a name of this package (`texts.NO_POSTS`) whichever module holds it: callers and `bot.pot` read them
# here, so the star imports are the point (the modules define nothing but texts).
from bot.texts.errors import *  # noqa: F403
from bot.texts.frame import *  # noqa: F403
from bot.texts.help import *  # noqa: F403
from bot.texts.model import Phrase as Phrase
from bot.texts.model import Plural as Plural
from bot.texts.picker import *  # noqa: F403
from bot.texts.replies import *  # noqa: F403
from bot.texts.reports import *  # noqa: F403
