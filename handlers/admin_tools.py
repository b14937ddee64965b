"""Admin tools: region aliases and delivery statistics."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say
from bot.commands.runner import say
from bot.domain.arguments import number
from bot.domain.errors import UserError
from handlers.replies import aliases_text, stats_text

ADMINS = Audience.HERALD_ADMINS


async def alias(call: Call) -> Sequence[Reply]:
    """`alias UK "United Kingdom"`: another name for a region."""
    args = call.request.words()
    if len(args) < 2:
        raise UserError(texts.ALIAS_USAGE)
    name = " ".join(args[1:])
    region = await call.services.aliases.add(args[0], name)
    return [say(texts.ALIAS_ADDED, call.voice, name=name, region=region)]


async def unalias(call: Call) -> Sequence[Reply]:
    """Forget an alias."""
    name = " ".join(call.request.words())
    if not name:
        raise UserError(texts.UNALIAS_USAGE)
    await call.services.aliases.remove(name)
    return [say(texts.ALIAS_REMOVED, call.voice, name=name)]


async def aliases(call: Call) -> Sequence[Reply]:
    """Every region that has aliases."""
    return [Say(aliases_text(await call.services.aliases.list(), call.voice))]


async def stats(call: Call) -> Sequence[Reply]:
    """Delivery counts for a post, or overall; in a private chat also which targets failed, by id only."""
    args = call.request.words()
    post_id = number(args[0], texts.POST_ID) if args else None
    stats = await call.services.stats.stats(post_id, with_failed=call.request.private)
    return [Say(stats_text(stats, call.voice, detail=call.request.private))]


COMMANDS = [
    Command("alias", alias, ADMINS, "REGION NAME", texts.HELP_ALIAS),
    Command("unalias", unalias, ADMINS, "NAME", texts.HELP_UNALIAS),
    Command("aliases", aliases, ADMINS, help=texts.HELP_ALIASES),
    Command("stats", stats, ADMINS, "[ID]", texts.HELP_STATS),
]
