"""Admins register channels, groups, forum topics and rooms as subscribers."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say
from bot.domain.errors import UserError
from bot.domain.text import Html, fill
from handlers.replies import channel_line, channels_text

ADMINS = Audience.HERALD_ADMINS


async def add_channel(call: Call) -> Sequence[Reply]:
    """Register a chat after the platform checked that Herald can post there."""
    args = call.request.words()
    if not args:
        raise UserError(texts.ADDCHANNEL_USAGE[call.request.platform.value])
    channel = await call.request.port.find_channel(args[0])
    added = await call.services.channels.add(channel.address, channel.kind, channel.title, args[1:])
    return [Say(fill(texts.REGISTERED, call.prefix, line=Html(channel_line(added, call.prefix))))]


async def remove_channel(call: Call) -> Sequence[Reply]:
    """Stop delivering to a registered chat."""
    args = call.request.words()
    if not args:
        raise UserError(texts.REMOVECHANNEL_USAGE)
    removed = await call.services.channels.remove(await call.request.port.find_registered(args[0]))
    return [Say(fill(texts.REMOVED, call.prefix, line=Html(channel_line(removed, call.prefix))))]


async def channels(call: Call) -> Sequence[Reply]:
    """The registered chats with their filters and state."""
    example = texts.CHANNEL_EXAMPLE[call.request.platform.value]
    return [Say(channels_text(await call.services.channels.list(), call.prefix, example))]


COMMANDS = [
    Command("addchannel", add_channel, ADMINS, "TARGET [REGION …|all]", texts.HELP_ADDCHANNEL),
    Command("removechannel", remove_channel, ADMINS, "TARGET", texts.HELP_REMOVECHANNEL),
    Command("channels", channels, ADMINS, help=texts.HELP_CHANNELS),
]
