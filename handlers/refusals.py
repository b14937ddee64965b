"""Admin commands from anyone else: refused in one line, nothing stored."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

router = Router(name=__name__)

ADMIN_COMMANDS = (
    "post", "publish", "cancel", "edit", "delete", "addchannel", "removechannel", "channels",
    "alias", "unalias", "aliases", "stats", "schedule", "scheduled",
)  # fmt: skip


@router.channel_post(Command(*ADMIN_COMMANDS))
async def from_channel_post(message: Message) -> None:
    """A channel post has no admin behind it that Herald can check."""
    await message.answer("Admin commands are not accepted as channel posts. Send them to me in a private chat.")


@router.message(Command(*ADMIN_COMMANDS))
async def from_non_admin(message: Message) -> None:
    """Someone who is not an admin here."""
    await message.answer("Only Herald's admins can use this command, in a private chat with me or in an admin chat.")


@router.callback_query(F.data.startswith("draft:"))
async def button_from_non_admin(query: CallbackQuery) -> None:
    """A Publish or Cancel button pressed by someone who is not an admin."""
    await query.answer("Only Herald's admins can publish or cancel drafts.", show_alert=True)
