"""Admin tools: region aliases and delivery statistics."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.domain.errors import UserError
from bot.domain.text import escape
from bot.replies import stats_text
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
    await message.answer(f"“{escape(name)}” now means {escape(region)}.")


@router.message(Command("unalias"))
async def unalias(message: Message, command: CommandObject, services: Services) -> None:
    """Forget an alias."""
    name = " ".join(words(command))
    if not name:
        raise UserError("Usage: /unalias NAME")
    await services.aliases.remove(name)
    await message.answer(f"“{escape(name)}” is no longer an alias.")


@router.message(Command("aliases"))
async def aliases(message: Message, services: Services) -> None:
    """Every region that has aliases."""
    regions = await services.aliases.list()
    if not regions:
        await message.answer('No aliases yet. Add one with /alias UK "United Kingdom".')
        return
    lines = [f"{escape(region.name)}: {escape(', '.join(region.aliases))}" for region in regions]
    await message.answer("<b>Aliases</b>\n" + "\n".join(lines))


@router.message(Command("stats"))
async def stats(message: Message, command: CommandObject, services: Services) -> None:
    """Delivery counts for a post, or overall."""
    args = words(command)
    post_id = number(args[0], "The post id") if args else None
    await message.answer(stats_text(await services.stats.stats(post_id)))
