"""Admins schedule drafts: /schedule ID yyyy-mm-dd HH:MM and /scheduled."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.domain.errors import UserError
from bot.replies import queue_text, scheduled_text
from bot.services.registry import Services
from bot.services.scheduling import USAGE
from handlers.context import IsAdmin, actor_of, number, words

router = Router(name=__name__)
router.message.filter(IsAdmin())


@router.message(Command("schedule"))
async def schedule(message: Message, command: CommandObject, services: Services) -> None:
    """Publish a draft later; it survives restarts."""
    assert message.from_user is not None
    args = words(command)
    if len(args) != 3:
        raise UserError(USAGE)
    actor = actor_of(message, message.from_user.id)
    item = await services.scheduling.schedule(actor, number(args[0], "The draft id"), args[1], args[2])
    await message.answer(scheduled_text(item))


@router.message(Command("scheduled"))
async def scheduled(message: Message, services: Services) -> None:
    """The posts waiting for their time."""
    await message.answer(queue_text(await services.scheduling.queued(), "/"))
