"""Admins schedule drafts to be published later, and list what is waiting."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say
from bot.domain.arguments import number
from bot.domain.errors import UserError
from handlers.replies import queue_text, scheduled_text

ADMINS = Audience.HERALD_ADMINS


async def schedule(call: Call) -> Sequence[Reply]:
    """Publish a draft at a local time; it survives restarts."""
    args = call.request.words()
    if len(args) != 3:
        raise UserError(texts.SCHEDULE_USAGE)
    post_id = number(args[0], texts.DRAFT_ID)
    item = await call.services.scheduling.schedule(call.request.actor, post_id, args[1], args[2])
    return [Say(scheduled_text(item, call.voice))]


async def scheduled(call: Call) -> Sequence[Reply]:
    """The posts waiting for their time."""
    return [Say(queue_text(await call.services.scheduling.queued(), call.voice))]


COMMANDS = [
    Command("schedule", schedule, ADMINS, "ID yyyy-mm-dd HH:MM", texts.HELP_SCHEDULE),
    Command("scheduled", scheduled, ADMINS, help=texts.HELP_SCHEDULED),
]
