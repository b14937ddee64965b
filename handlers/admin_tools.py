"""Admin tools: region aliases and delivery statistics."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.domain.errors import UserError
from bot.replies import alias_added_text, alias_removed_text, aliases_text, stats_text
from bot.services.registry import Services
from handlers.context import IsAdmin, number, words

router = Router(name=__name__)
router.message.filter(IsAdmin())


@router.message(Command("alias"))
async def alias(message: Message, command: CommandObject, services: Services) -> None:
    """`/alias UK "United Kingdom"`: another name for a region."""
    args = words(command)
    if len(args) < 2:
        raise UserError('Usage: /alias REGION NAME, for example /alias UK "United Kingdom".')
    name = " ".join(args[1:])
    region = await services.aliases.add(args[0], name)
    await message.answer(alias_added_text(name, region))


@router.message(Command("unalias"))
async def unalias(message: Message, command: CommandObject, services: Services) -> None:
    """Forget an alias."""
    name = " ".join(words(command))
    if not name:
        raise UserError("Usage: /unalias NAME")
    await services.aliases.remove(name)
    await message.answer(alias_removed_text(name))


@router.message(Command("aliases"))
async def aliases(message: Message, services: Services) -> None:
    """Every region that has aliases."""
    await message.answer(aliases_text(await services.aliases.list(), "/"))


@router.message(Command("stats"))
async def stats(message: Message, command: CommandObject, services: Services) -> None:
    """Delivery counts for a post, or overall."""
    args = words(command)
    post_id = number(args[0], "The post id") if args else None
    await message.answer(stats_text(await services.stats.stats(post_id)))
