"""Admins edit and delete published posts: /edit ID and /delete ID."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.domain.arguments import edit_args
from bot.domain.errors import UserError
from bot.domain.models import DeliveryAction, Platform
from bot.replies import revised_text
from bot.services.registry import Services
from handlers.context import IsAdmin, address_of, number, photos_of

router = Router(name=__name__)
router.message.filter(IsAdmin())

EDIT_USAGE = "Usage: /edit ID, then the new title line and body:\n/edit 42\nUK: Bridge Reopens (16.1.2026)\nBody…"


@router.message(Command("edit"))
async def edit(message: Message, command: CommandObject, album: list[Message], services: Services) -> None:
    """Replace a post (and its photos, when /edit is a photo caption); every delivered copy follows."""
    post_id, text = edit_args(command.args, EDIT_USAGE)
    revised = await services.editing.edit(post_id, text, photos_of(album), Platform.TELEGRAM)
    await message.answer(revised_text(revised, "edited", "Editing"))


@router.message(Command("delete"))
async def delete(message: Message, command: CommandObject, services: Services) -> None:
    """Retract a post; every delivered copy is deleted."""
    args = (command.args or "").split()
    if len(args) != 1:
        raise UserError("Usage: /delete ID")
    revised = await services.editing.delete(number(args[0], "The post id"))
    confirmation = await message.answer(revised_text(revised, "deleted", "Deleting"))
    if revised.copies:
        await services.stats.track(
            revised.post.id, address_of(confirmation), str(confirmation.message_id), DeliveryAction.DELETE
        )
