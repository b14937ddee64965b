"""What everyone can ask: /start, /help, /regions, /latest and /read."""

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.domain.arguments import latest_args
from bot.domain.render import render_full
from bot.replies import help_text, latest_text, regions_text
from bot.services.reading import DEFAULT_LATEST
from bot.services.registry import Services
from bot.telegram.messenger import TelegramMessenger
from handlers.context import number, words

router = Router(name=__name__)


@router.message(CommandStart(deep_link=True))
async def start_deep_link(
    message: Message, command: CommandObject, services: Services, messenger: TelegramMessenger, is_admin: bool
) -> None:
    """`t.me/<bot>?start=read_ID` opens the whole post."""
    payload = command.args or ""
    if payload.startswith("read_") and payload[5:].isdigit():
        await send_full_post(message, services, messenger, int(payload[5:]))
    else:
        await message.answer(help_text("/", is_admin))


@router.message(Command("start", "help"))
async def start(message: Message, is_admin: bool) -> None:
    """What Herald does, and the commands (admins see theirs too)."""
    await message.answer(help_text("/", is_admin))


@router.message(Command("regions"))
async def regions(message: Message, services: Services) -> None:
    """The known regions with their post counts."""
    await message.answer(regions_text(await services.reading.regions()))


@router.message(Command("latest"))
async def latest(message: Message, command: CommandObject, services: Services) -> None:
    """The newest posts: `/latest [REGION] [N]`."""
    region, count = latest_args(words(command), DEFAULT_LATEST)
    await message.answer(latest_text(await services.reading.latest(region, count), "/"))


@router.message(Command("read"))
async def read(message: Message, command: CommandObject, services: Services, messenger: TelegramMessenger) -> None:
    """The whole post, split at paragraphs when it is long."""
    args = words(command)
    if not args:
        await message.answer("Which post? Send /read ID, for example /read 42. /latest lists recent posts.")
        return
    await send_full_post(message, services, messenger, number(args[0], "The post id"))


async def send_full_post(message: Message, services: Services, messenger: TelegramMessenger, post_id: int) -> None:
    """Send every part of a post's full text."""
    post = await services.reading.read(post_id)
    for part in render_full(post, messenger.style):
        await message.answer(part)
