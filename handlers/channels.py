"""Admins register channels, groups, forum topics and rooms as subscribers, each in its own language."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say
from bot.domain.errors import UserError
from bot.domain.languages import split_language
from bot.domain.text import Html
from handlers.replies import channel_line, channels_text

ADMINS = Audience.HERALD_ADMINS
CHANNEL_EXAMPLE = {"telegram": "@name", "matrix": "#news:example.org"}  # how each platform names a channel


async def add_channel(call: Call) -> Sequence[Reply]:
    """Register a chat after the platform checked that Herald can post there; `lang=ru` sets its language."""
    words, language = split_language(call.request.words(), call.voice.languages)
    if not words:
        raise UserError(texts.ADDCHANNEL_USAGE[call.request.platform.value])
    channel = await call.request.port.find_channel(words[0])
    if language is not None and len(words) == 1:  # a language alone changes only that: its regions stay
        changed = await call.services.channels.relanguage(channel.address, language)
        if changed is not None:
            return [Say(call.voice.fill(texts.LANGUAGE_CHANGED, line=Html(channel_line(changed, call.voice))))]
    added = await call.services.channels.add(channel.address, channel.kind, channel.title, words[1:], language)
    return [Say(call.voice.fill(texts.REGISTERED, line=Html(channel_line(added, call.voice))))]


async def remove_channel(call: Call) -> Sequence[Reply]:
    """Stop delivering to a registered chat."""
    args = call.request.words()
    if not args:
        raise UserError(texts.REMOVECHANNEL_USAGE)
    removed = await call.services.channels.remove(await call.request.port.find_registered(args[0]))
    return [Say(call.voice.fill(texts.REMOVED, line=Html(channel_line(removed, call.voice))))]


async def channels(call: Call) -> Sequence[Reply]:
    """The registered chats with their filters, languages and state."""
    example = CHANNEL_EXAMPLE[call.request.platform.value]
    return [Say(channels_text(await call.services.channels.list(), call.voice, example))]


COMMANDS = [
    Command("addchannel", add_channel, ADMINS, "TARGET [REGION …|all] [lang=LANG]", texts.HELP_ADDCHANNEL),
    Command("removechannel", remove_channel, ADMINS, "TARGET", texts.HELP_REMOVECHANNEL),
    Command("channels", channels, ADMINS, help=texts.HELP_CHANNELS),
]
