"""What everyone can ask: start, help, regions, latest and read."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Call, Command, FullText, Reply, Say
from bot.commands.runner import say
from bot.domain.arguments import latest_args, number
from bot.services.reading import DEFAULT_LATEST
from handlers.replies import help_text, latest_text, regions_text

SHARED_READ_MESSAGES = 3  # a long post read in a group or room: the rest is offered in a private chat


async def help_command(call: Call) -> Sequence[Reply]:
    """What Herald does, and the commands (admins see theirs too)."""
    return [Say(help_text(call.catalogue, call.voice, call.request.is_admin))]


async def regions(call: Call) -> Sequence[Reply]:
    """The known regions with their post counts."""
    return [Say(regions_text(await call.services.reading.regions(), call.voice))]


async def latest(call: Call) -> Sequence[Reply]:
    """The newest posts: `latest [REGION] [N]`."""
    region, count = latest_args(call.request.words(), DEFAULT_LATEST)
    latest = await call.services.reading.latest(region, count, insider=call.request.is_admin)
    return [Say(latest_text(latest, call.voice))]


async def read(call: Call) -> Sequence[Reply]:
    """The whole post, split at paragraphs when it is long."""
    args = call.request.words()
    if not args:
        return [say(texts.READ_WHICH, call.voice)]
    post = await call.services.reading.read(number(args[0], texts.POST_ID))
    request = call.request
    if request.private:
        return [FullText(post, call.voice)]
    return [FullText(post, call.voice, SHARED_READ_MESSAGES, texts.PRIVATE_CHAT[request.platform.value])]


COMMANDS = [
    Command("start", help_command, help=texts.HELP_START),
    Command("help", help_command, help=texts.HELP_HELP),
    Command("regions", regions, help=texts.HELP_REGIONS),
    Command("latest", latest, args="[REGION] [N]", help=texts.HELP_LATEST),
    Command("read", read, args="ID", help=texts.HELP_READ),
]
