"""Matrix in: room messages become platform-neutral requests for the runner; replies go out as notices."""

import logging
from dataclasses import dataclass
from typing import Any

from bot.commands.model import Channel, Request
from bot.commands.responder import Responder
from bot.commands.runner import CommandRunner
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.rich import Rich
from bot.matrix.formatted import formatted_of
from bot.matrix.rooms import Rooms
from bot.services.common import Actor, IncomingPhoto
from bot.settings import Settings

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

    def command(self) -> tuple[str, Rich] | None:
        """The command's name (lower case) and the formatted text after it, or None for an ordinary message."""
        if self.content.get("msgtype") != "m.text":
            return None
        text = self.text()
        body = text.text
        if not body.startswith(PREFIXES) or len(body) < 2 or not body[1].isalpha():
            return None
        line_end = body.find("\n") if "\n" in body else len(body)
        name = body[1:line_end].partition(" ")[0]
        parts = (text.slice(1 + len(name), line_end).strip(), text.slice(line_end + 1))
        return name.lower(), Rich.join("\n", [part for part in parts if part.text])

    def text(self) -> Rich:
        """What the message says: its HTML body's text and formatting when it has one, else its plain body; the
        quoted message that a reply repeats left out."""
        formatted = formatted_of(self.content)
        if formatted is not None:
            return formatted.strip()
        return Rich.of(_without_reply_fallback(str(self.content.get("body", ""))), ())  # its bare URLs marked

    def replied_event(self) -> str | None:
        """The event this message replies to, if it is a reply."""
        relation = self.content.get("m.relates_to")
        reply = relation.get("m.in_reply_to") if isinstance(relation, dict) else None
        event_id = reply.get("event_id") if isinstance(reply, dict) else None
        return event_id if isinstance(event_id, str) else None

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


class MatrixRoom:
    """The ChatPort of one room message."""

    def __init__(self, rooms: Rooms, incoming: Incoming) -> None:
        self.rooms, self.incoming = rooms, incoming

    async def is_chat_admin(self) -> bool:
        """Power level 50 or more in the room (a room creator always qualifies)."""
        return await self.rooms.is_room_admin(self.incoming.room, self.incoming.sender)

    async def title(self) -> str:
        return await self.rooms.title(self.incoming.room)

    async def find_channel(self, target: str) -> Channel:
        """A room Herald joined and may post in."""
        room = await self.rooms.resolve(target)
        title = await self.rooms.check_can_post(room)
        return Channel(Address(Platform.MATRIX, room), TargetKind.ROOM, title)

    async def find_registered(self, target: str) -> Address:
        return Address(Platform.MATRIX, await self.rooms.resolve(target))


class CommandRouter:
    """Hands each room message to the runner as a request, and its replies to the responder."""

    def __init__(self, runner: CommandRunner, responder: Responder, rooms: Rooms, settings: Settings) -> None:
        self.runner, self.responder, self.rooms, self.settings = runner, responder, rooms, settings

    async def handle(self, incoming: Incoming) -> None:
        """One message: a command, an admin's image for the open draft, or nothing of Herald's."""
        request = await self.request_of(incoming)
        if request is None:
            return
        replies = await (self.runner.run(request) if request.command else self.runner.photos(request))
        self.responder.answer(request, replies)

    async def request_of(self, incoming: Incoming) -> Request | None:
        """The request a message makes, or None when it is not for Herald."""
        parsed = incoming.command()
        photo = incoming.photo()
        if parsed is None and (photo is None or incoming.sender not in self.settings.admins):
            return None  # only an admin's images can join a draft
        direct = await self.rooms.is_direct(incoming.room)
        from_admin = incoming.sender in self.settings.admins
        if parsed is not None and not direct and not self.runner.answers_unaddressed(parsed[0], from_admin):
            return None  # in a shared room, an unknown `!` command, or anyone's `!stats`, may be another bot's
        name, args = parsed or ("", Rich.plain(""))
        return Request(
            platform=Platform.MATRIX,
            command=name,
            args=args.text,
            rich=args,
            user_id=incoming.sender,
            chat=incoming.address,
            chat_kind=TargetKind.PRIVATE if direct else TargetKind.ROOM,
            is_admin=self.settings.admin_here(incoming.sender, incoming.room, direct),
            port=MatrixRoom(self.rooms, incoming),
            photos=(photo,) if photo else (),
            event_key=incoming.event_id,
            answers=await self._answered(incoming) if parsed is None and not direct else None,
        )

    async def _answered(self, incoming: Incoming) -> str | None:
        """The text of Herald's own message that an image in a shared room replies to (which draft it is for)."""
        replied = incoming.replied_event()
        return None if replied is None else await self.rooms.own_text(incoming.room, replied)
