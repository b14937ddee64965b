"""Anything that looks like a command Herald does not know."""

from aiogram import Bot, F, Router
from aiogram.types import Message

router = Router(name=__name__)


@router.message(F.text.startswith("/"))
async def unknown_command(message: Message, bot: Bot) -> None:
    """Point to /help; in groups only for commands addressed to Herald, so other bots' commands pass."""
    command = (message.text or "").split(maxsplit=1)[0]
    name, _, mention = command.partition("@")
    if message.chat.type != "private":
        me = await bot.me()
        if not mention or mention.casefold() != (me.username or "").casefold():
            return
    await message.answer(f"I don't know the command {name}. Send /help for the list.")
