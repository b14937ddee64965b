"""Admin commands on Matrix: compose, publish, edit, delete, schedule, rooms as channels, aliases and stats."""

from bot.domain.arguments import edit_args, number, split_words
from bot.domain.errors import UserError
from bot.domain.models import Address, DeliveryAction, Platform, PostView, TargetKind
from bot.domain.render import render_post
from bot.matrix.commands import CommandSpec, Request
from bot.matrix.rooms import TARGET_USAGE, Rooms
from bot.replies import (
    alias_added_text,
    alias_removed_text,
    aliases_text,
    channel_line,
    channels_text,
    discarded_text,
    draft_text,
    published_text,
    queue_text,
    revised_text,
    scheduled_text,
    stats_text,
)
from bot.services.scheduling import USAGE as SCHEDULE_USAGE

PREFIX = "!"
EDIT_USAGE = "Usage: !edit ID, then the new title line and body:\n!edit 42\nUK: Bridge Reopens (16.1.2026)\nBody…"


async def show_preview(request: Request, draft: PostView, replaced: int | None = None) -> None:
    """The draft exactly as subscribers will get it, then its id and the commands that publish or cancel it."""
    messenger = request.messenger
    key = f"preview-{request.incoming.event_id}"  # one preview per command, also if the command is replayed
    await messenger.send_post(request.incoming.address, render_post(draft, messenger.style), key)
    await request.reply(draft_text(draft, PREFIX, replaced, media="images"))


def optional_id(request: Request) -> int | None:
    args = split_words(request.args)
    return number(args[0], "The draft id") if args else None


async def post(request: Request) -> None:
    actor = request.incoming.actor
    replaced = await request.services.compose.open_draft_id(actor)
    draft = await request.services.compose.create_draft(actor, request.args)
    await show_preview(request, draft, replaced)


async def add_photo(request: Request) -> None:
    """An image sent while a draft is open joins it."""
    photo = request.incoming.photo()
    assert photo is not None
    draft = await request.services.compose.add_photos(request.incoming.actor, [photo])
    if draft is not None:
        await show_preview(request, draft)


async def publish(request: Request) -> None:
    published = await request.services.compose.publish(request.incoming.actor, optional_id(request))
    notice = await request.reply(published_text(published))
    await request.services.stats.track(published.post.id, request.incoming.address, notice)


async def cancel(request: Request) -> None:
    await request.reply(
        discarded_text(await request.services.compose.cancel(request.incoming.actor, optional_id(request)))
    )


async def edit(request: Request) -> None:
    post_id, text = edit_args(request.args, EDIT_USAGE)
    revised = await request.services.editing.edit(post_id, text, [], Platform.MATRIX)
    await request.reply(revised_text(revised, "edited", "Editing"))


async def delete(request: Request) -> None:
    args = split_words(request.args)
    if len(args) != 1:
        raise UserError("Usage: !delete ID")
    revised = await request.services.editing.delete(number(args[0], "The post id"))
    notice = await request.reply(revised_text(revised, "deleted", "Deleting"))
    if revised.copies:
        await request.services.stats.track(revised.post.id, request.incoming.address, notice, DeliveryAction.DELETE)


async def schedule(request: Request) -> None:
    args = split_words(request.args)
    if len(args) != 3:
        raise UserError(SCHEDULE_USAGE)  # the router words it with `!schedule`
    item = await request.services.scheduling.schedule(
        request.incoming.actor, number(args[0], "The draft id"), args[1], args[2]
    )
    await request.reply(scheduled_text(item))


async def scheduled(request: Request) -> None:
    await request.reply(queue_text(await request.services.scheduling.queued(), PREFIX))


class Channels:
    """Rooms registered by an admin, like Telegram channels: checked that Herald can post there."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms

    async def add(self, request: Request) -> None:
        args = split_words(request.args)
        if not args:
            raise UserError(TARGET_USAGE)
        room = await self.rooms.resolve(args[0])
        title = await self.rooms.check_can_post(room)
        added = await request.services.channels.add(Address(Platform.MATRIX, room), TargetKind.ROOM, title, args[1:])
        await request.reply("Registered: " + channel_line(added))

    async def remove(self, request: Request) -> None:
        args = split_words(request.args)
        if not args:
            raise UserError("Usage: !removechannel ROOM (see !channels).")
        room = await self.rooms.resolve(args[0])
        removed = await request.services.channels.remove(Address(Platform.MATRIX, room))
        await request.reply("Removed: " + channel_line(removed))


async def channels(request: Request) -> None:
    await request.reply(channels_text(await request.services.channels.list()))


async def alias(request: Request) -> None:
    args = split_words(request.args)
    if len(args) < 2:
        raise UserError('Usage: !alias REGION NAME, for example !alias UK "United Kingdom".')
    name = " ".join(args[1:])
    await request.reply(alias_added_text(name, await request.services.aliases.add(args[0], name)))


async def unalias(request: Request) -> None:
    name = " ".join(split_words(request.args))
    if not name:
        raise UserError("Usage: !unalias NAME")
    await request.services.aliases.remove(name)
    await request.reply(alias_removed_text(name))


async def aliases(request: Request) -> None:
    await request.reply(aliases_text(await request.services.aliases.list(), PREFIX))


async def stats(request: Request) -> None:
    args = split_words(request.args)
    post_id = number(args[0], "The post id") if args else None
    await request.reply(stats_text(await request.services.stats.stats(post_id)))


def admin_commands(rooms: Rooms) -> dict[str, CommandSpec]:
    rooms_as_channels = Channels(rooms)
    table = {
        "post": post,
        "publish": publish,
        "cancel": cancel,
        "edit": edit,
        "delete": delete,
        "schedule": schedule,
        "scheduled": scheduled,
        "addchannel": rooms_as_channels.add,
        "removechannel": rooms_as_channels.remove,
        "channels": channels,
        "alias": alias,
        "unalias": unalias,
        "aliases": aliases,
        "stats": stats,
    }
    return {name: CommandSpec(run, admin=True) for name, run in table.items()}
