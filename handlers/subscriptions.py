"""subscribe, unsubscribe and subscriptions: for a private chat, or for a group or room by its admins."""

from collections.abc import Sequence
from functools import partial

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say
from bot.domain.errors import WordedError
from bot.services.subscriptions import CONFIRM, UnconfirmedRegions
from handlers import picker
from handlers.replies import filter_text, unconfirmed_offers, unconfirmed_text


async def subscribe(call: Call) -> Sequence[Reply]:
    """Receive new posts of the named regions (or all) in this chat; `new` first confirms names no post has used;
    with no region, the regions to pick from."""
    request = call.request
    words = request.words()
    if not words:
        return await picker.show(call)  # no region named: pick them from the known ones
    # Only a lower-case `new` before a name confirms: `New Zealand` and a region called New are names, not the word.
    confirmed = len(words) > 1 and words[0] == CONFIRM
    names = words[1:] if confirmed else words
    title = await request.port.title()
    try:
        current = await call.services.subscriptions.subscribe(
            request.chat, request.chat_kind, title, names, insider=request.is_admin, confirmed=confirmed
        )
    except UnconfirmedRegions as error:
        wording, offers = partial(unconfirmed_text, error), partial(unconfirmed_offers, error)
        raise WordedError(error, wording, offers) from error
    return [Say(filter_text(current, call.voice))]


async def unsubscribe(call: Call) -> Sequence[Reply]:
    """Stop receiving the named regions (or all) in this chat."""
    current = await call.services.subscriptions.unsubscribe(call.request.chat, call.request.words())
    return [Say(filter_text(current, call.voice))]


async def subscriptions(call: Call) -> Sequence[Reply]:
    """What this chat receives."""
    return [Say(filter_text(await call.services.subscriptions.current(call.request.chat), call.voice))]


COMMANDS = [
    Command("subscribe", subscribe, Audience.CHAT_ADMINS, "REGION … | all", texts.HELP_SUBSCRIBE),
    Command("unsubscribe", unsubscribe, Audience.CHAT_ADMINS, "REGION … | all", texts.HELP_UNSUBSCRIBE),
    Command("subscriptions", subscriptions, help=texts.HELP_SUBSCRIPTIONS),
]
