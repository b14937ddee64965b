"""Matrix commands: `!name args` (or `/name`) parsed, checked and handed to a command with one unit of work."""

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.worker import OutboxSignal
from bot.domain.errors import UserError
from bot.domain.models import Address, Platform
from bot.domain.text import escape
from bot.matrix.messenger import MatrixMessenger
from bot.matrix.rooms import Rooms
from bot.messenger import DeliveryError
from bot.services.common import Actor, IncomingPhoto
from bot.services.registry import Services
from bot.settings import Settings
from storage.repos import Repos

log = logging.getLogger(__name__)

PREFIXES = ("!", "/")


@dataclass(frozen=True)
class Incoming:
    """A message event in a room, as Herald reads it."""

    room: str
    sender: str
    event_id: str
    content: dict[str, Any]

    @property
    def address(self) -> Address:
        return Address(Platform.MATRIX, self.room)

    @property
    def actor(self) -> Actor:
        return Actor(Platform.MATRIX, self.sender, self.address)

    def command(self) -> tuple[str, str] | None:
        """The command's name (lower case) and the text after it, or None for an ordinary message."""
        if self.content.get("msgtype") != "m.text":
            return None
        body = _without_reply_fallback(str(self.content.get("body", "")))
        if not body.startswith(PREFIXES) or len(body) < 2 or not body[1].isalpha():
            return None
        head, _, rest = body[1:].partition("\n")
        name, _, args = head.partition(" ")
        text = "\n".join(part for part in (args.strip(), rest) if part)
        return name.lower(), text

    def photo(self) -> IncomingPhoto | None:
        """An `m.image` with its caption as the credit (a bare file name is no credit)."""
        url = self.content.get("url")
        if self.content.get("msgtype") != "m.image" or not isinstance(url, str):
            return None
        body, filename = str(self.content.get("body", "")), self.content.get("filename")
        credit = body if filename and body != filename else None
        return IncomingPhoto(ref=url, credit=credit)


def _without_reply_fallback(body: str) -> str:
    """A reply's body starts with the quoted lines of the message it answers; the command comes after them."""
    lines = body.split("\n")
    while lines and lines[0].startswith("> "):
        lines.pop(0)
    if lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).strip()


@dataclass
class Request:
    """One command being handled: where it came from, its arguments, and the unit of work's services."""

    incoming: Incoming
    args: str
    services: Services
    is_admin: bool
    messenger: MatrixMessenger

    async def reply(self, html: str) -> str:
        """Answer in the room with an `m.notice`; its event id."""
        return await self.messenger.send_notice(self.incoming.address, html)


Command = Callable[[Request], Awaitable[None]]


@dataclass(frozen=True)
class CommandSpec:
    """A command and who may use it."""

    run: Command
    admin: bool = False


class CommandRouter:
    """Routes room messages to commands: admin checks, one transaction per command, replayed events skipped."""

    def __init__(
        self,
        commands: dict[str, CommandSpec],
        sessions: async_sessionmaker[AsyncSession],
        outbox: OutboxSignal,
        settings: Settings,
        messenger: MatrixMessenger,
        rooms: Rooms,
    ) -> None:
        self.commands, self.sessions, self.outbox = commands, sessions, outbox
        self.settings, self.messenger, self.rooms = settings, messenger, rooms
        self.zone = ZoneInfo(settings.timezone)
        self.on_photo: Command | None = None

    def today(self) -> date:
        return datetime.now(self.zone).date()

    async def is_admin(self, incoming: Incoming) -> bool:
        """An admin in an admin room, or in a direct chat with the bot."""
        if incoming.sender not in self.settings.admins:
            return False
        return incoming.room in self.settings.admin_chats or await self.rooms.is_direct(incoming.room)

    async def handle(self, incoming: Incoming) -> None:
        """Handle one message; nothing in it is ever lost silently: the sender always gets an answer."""
        parsed = incoming.command()
        if parsed is None:
            if self.on_photo is not None and incoming.photo() is not None and await self.is_admin(incoming):
                await self._run(self.on_photo, incoming, "", True)
            return
        name, args = parsed
        spec = self.commands.get(name)
        if spec is None:
            if await self.rooms.is_direct(incoming.room):  # in shared rooms `!` may belong to another bot
                await self._notice(incoming, f"I don't know the command !{escape(name)}. Send !help for the list.")
            return
        admin = await self.is_admin(incoming)
        if spec.admin and not admin:
            await self._notice(
                incoming, "Only Herald's admins can use this command, in a direct chat with me or in an admin room."
            )
            return
        await self._run(spec.run, incoming, args, admin)

    async def _run(self, command: Command, incoming: Incoming, args: str, admin: bool) -> None:
        async with self.sessions() as session:
            repos = Repos.over(session)
            if await repos.inbox.handled(incoming.event_id):
                return  # answered before a crash; the sync token had not been saved yet
            services = Services.over(session, self.outbox, self.today, self.zone)
            request = Request(incoming, args, services, admin, self.messenger)
            try:
                await command(request)
            except UserError as error:
                await session.rollback()
                await self._answered(incoming, error.message)
                return
            except Exception as error:
                await session.rollback()
                if isinstance(error, DeliveryError):
                    log.warning("command %s failed on the homeserver: %s", incoming.event_id, error.reason)
                else:
                    log.exception("error handling command %s", incoming.event_id)
                await self._notice(incoming, "Something went wrong on my side and nothing was saved. Please try again.")
                return
            await repos.inbox.mark_handled(incoming.event_id)  # last: the write lock is not held across the replies
            await session.commit()

    def in_matrix_terms(self, message: str) -> str:
        """The services word their errors with Telegram's `/post`; on Matrix the commands read `!post`."""
        names = "|".join(sorted(self.commands, key=len, reverse=True))
        return re.sub(rf"(?<![\w/])/({names})\b", r"!\1", message)

    async def _answered(self, incoming: Incoming, message: str) -> None:
        """Refuse a bad input in one message, and remember that it was answered."""
        await self._notice(incoming, escape(self.in_matrix_terms(message)))
        async with self.sessions() as session:
            await Repos.over(session).inbox.mark_handled(incoming.event_id)
            await session.commit()

    async def _notice(self, incoming: Incoming, html: str) -> None:
        try:
            await self.messenger.send_notice(incoming.address, html)
        except DeliveryError as error:
            log.warning("could not answer in %s: %s", incoming.room, error.reason)
