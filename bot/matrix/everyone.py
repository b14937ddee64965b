"""What everyone can ask on Matrix: !help, !regions, !latest, !read and the room's subscription."""

from bot.domain.arguments import latest_args, number, split_words
from bot.domain.models import TargetKind
from bot.domain.render import render_full
from bot.matrix.commands import CommandSpec, Request
from bot.matrix.rooms import Rooms
from bot.replies import filter_text, help_text, latest_text, regions_text
from bot.services.reading import DEFAULT_LATEST

PREFIX = "!"


async def help_command(request: Request) -> None:
    await request.reply(help_text(PREFIX, request.is_admin))


async def regions(request: Request) -> None:
    await request.reply(regions_text(await request.services.reading.regions()))


async def latest(request: Request) -> None:
    region, count = latest_args(split_words(request.args), DEFAULT_LATEST)
    await request.reply(latest_text(await request.services.reading.latest(region, count), PREFIX))


async def read(request: Request) -> None:
    args = split_words(request.args)
    if not args:
        await request.reply("Which post? Send !read ID, for example !read 42. !latest lists recent posts.")
        return
    post = await request.services.reading.read(number(args[0], "The post id"))
    for part in render_full(post, request.messenger.style):
        await request.reply(part)


class Subscriptions:
    """!subscribe and !unsubscribe change what the room receives: in a room, only for power level ≥ 50."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms

    async def _refused(self, request: Request) -> bool:
        if await self.rooms.is_room_admin(request.incoming.room, request.incoming.sender):
            return False
        await request.reply(
            "Only this room's moderators and admins (power level 50 or more) can change what it receives."
        )
        return True

    async def subscribe(self, request: Request) -> None:
        if await self._refused(request):
            return
        room = request.incoming.room
        direct = await self.rooms.is_direct(room)
        kind = TargetKind.PRIVATE if direct else TargetKind.ROOM
        title = await self.rooms.title(room)
        current = await request.services.subscriptions.subscribe(
            request.incoming.address, kind, title, split_words(request.args)
        )
        await request.reply(filter_text(current, PREFIX))

    async def unsubscribe(self, request: Request) -> None:
        if await self._refused(request):
            return
        current = await request.services.subscriptions.unsubscribe(request.incoming.address, split_words(request.args))
        await request.reply(filter_text(current, PREFIX))


async def subscriptions(request: Request) -> None:
    await request.reply(filter_text(await request.services.subscriptions.current(request.incoming.address), PREFIX))


def everyone_commands(rooms: Rooms) -> dict[str, CommandSpec]:
    subs = Subscriptions(rooms)
    return {
        "start": CommandSpec(help_command),
        "help": CommandSpec(help_command),
        "regions": CommandSpec(regions),
        "latest": CommandSpec(latest),
        "read": CommandSpec(read),
        "subscribe": CommandSpec(subs.subscribe),
        "unsubscribe": CommandSpec(subs.unsubscribe),
        "subscriptions": CommandSpec(subscriptions),
    }
