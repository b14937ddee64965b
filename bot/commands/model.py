"""A command, platform-neutral: the request a binding hands in, the replies the command hands back, and the
catalogue entry that says who may run it."""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from bot.domain.arguments import split_words
from bot.domain.models import COMMAND_PREFIX, Address, DeliveryAction, Platform, PostView, TargetKind
from bot.domain.rich import Rich
from bot.domain.voice import Voice
from bot.services.common import Actor, IncomingPhoto
from bot.services.registry import Services


class Audience(StrEnum):
    """Who may run a command."""

    EVERYONE = "everyone"
    CHAT_ADMINS = "chat admins"  # anyone in a private chat; in a group or room, only its admins
    HERALD_ADMINS = "herald admins"  # ADMINS, in a private chat with the bot or in an ADMIN_CHATS chat


@dataclass(frozen=True)
class Channel:
    """A chat Herald may post in, as a binding found it."""

    address: Address
    kind: TargetKind
    title: str


class ChatPort(Protocol):
    """What a command may ask the platform about the chat it came from, or about a chat it names."""

    async def is_chat_admin(self) -> bool:
        """The sender administers this group or room (always true in a private chat)."""
        ...

    async def title(self) -> str:
        """The chat's name as people know it."""
        ...

    async def find_channel(self, target: str) -> Channel:
        """The chat target names, once Herald made sure it may post there; a UserError saying why not."""
        ...

    async def find_registered(self, target: str) -> Address:
        """The address target names, for a chat that is registered (no posting rights needed)."""
        ...


@dataclass(frozen=True)
class Request:
    """One command or message, as every platform hands it in."""

    platform: Platform
    command: str  # lower case, without prefix; "" for a message that is no command (photos)
    args: str
    user_id: str
    chat: Address
    chat_kind: TargetKind
    is_admin: bool  # one of Herald's admins, in a place where admins act
    port: ChatPort
    photos: tuple[IncomingPhoto, ...] = ()
    via_button: bool = False
    event_key: str | None = None  # a platform event id, when the platform may hand the same event in twice
    sender_name: str = ""  # how the chat knows the sender; "" when the platform did not say
    answers: str | None = None  # the text of Herald's own message that this one replies to, if it replies to one
    language: str | None = None  # the sender's language as the platform reports it (`ru-RU`), if it does
    rich: Rich | None = None  # the formatting of args (spans relative to args), when the platform gave any

    @property
    def sender(self) -> str:
        return self.sender_name or self.user_id

    @property
    def prefix(self) -> str:
        return COMMAND_PREFIX[self.platform]

    @property
    def actor(self) -> Actor:
        return Actor(self.platform, self.user_id, self.chat)

    @property
    def private(self) -> bool:
        return self.chat_kind == TargetKind.PRIVATE

    def formatted(self, tail: str | None = None) -> Rich:
        """The arguments with their formatting; or only `tail`, an end of args (an edit's text after its id)."""
        rich = self.rich if self.rich is not None and self.rich.text == self.args else Rich.of(self.args, ())
        return rich if tail is None else rich.slice(len(self.args) - len(tail))

    def words(self) -> list[str]:
        """The arguments split at spaces and commas; quotes keep `United Kingdom` together."""
        return split_words(self.args)


CHOICE_COMMAND_BYTES = 60  # Telegram carries a button's command in 64 bytes of callback data, `cmd:` included


@dataclass(frozen=True)
class Choice:
    """An answer the reader can pick instead of typing a command (a button on Telegram)."""

    label: str
    command: str  # the command line it runs, without prefix: "publish 5"
    row: int = 0  # choices with the same row number share a row of buttons, rows in order of first use


@dataclass(frozen=True)
class Track:
    """Keep the message of this reply updated with the progress of a post's broadcast or deletion."""

    post_id: int
    action: DeliveryAction = DeliveryAction.SEND


@dataclass(frozen=True)
class Say:
    """A text reply, HTML."""

    html: str
    choices: tuple[Choice, ...] = ()
    track: Track | None = None
    error: bool = False
    toast: str | None = None  # a pressed button's answer as a brief toast, plain (else the text, an alert if error)


@dataclass(frozen=True)
class Preview:
    """A post exactly as subscribers of this platform will receive it, framed in the chat's language."""

    post: PostView
    voice: Voice


@dataclass(frozen=True)
class FullText:
    """A whole post, split into as many messages as the platform needs; with at_most (in a shared chat), the
    messages past it are offered in a private chat with the bot instead, `place` saying it the platform's way."""

    post: PostView
    voice: Voice
    at_most: int | None = None
    place: str = ""


Reply = Say | Preview | FullText


@dataclass(frozen=True)
class Call:
    """What a command runs with: the request, the services of its unit of work, the catalogue, and how Herald
    speaks in the request's chat (its platform's prefix, the chat's language)."""

    request: Request
    services: Services
    catalogue: "Catalogue"
    voice: Voice


Run = Callable[[Call], Awaitable[Sequence[Reply]]]


@dataclass(frozen=True)
class Command:
    """A catalogue entry: name, arguments, audience, one-line help, and what it runs."""

    name: str
    run: Run
    audience: Audience = Audience.EVERYONE
    args: str = ""
    help: str = ""
    hidden: bool = False  # run by buttons, not typed: left out of help and menus

    @property
    def usage(self) -> str:
        return f"{self.name} {self.args}".strip()


@dataclass
class Catalogue:
    """Every command, in the order help lists them, and what handles photos sent without a command."""

    commands: dict[str, Command] = field(default_factory=dict)
    on_photos: Run | None = None

    @classmethod
    def of(cls, commands: Iterable[Command], on_photos: Run | None = None) -> "Catalogue":
        return cls({command.name: command for command in commands}, on_photos)

    def get(self, name: str) -> Command | None:
        return self.commands.get(name)

    def for_audience(self, *audiences: Audience) -> list[Command]:
        """The commands that these audiences may use and may be shown, in catalogue order."""
        return [command for command in self.listed() if command.audience in audiences]

    def listed(self) -> list[Command]:
        """The commands help and menus show (not those only buttons run), in catalogue order."""
        return [command for command in self.commands.values() if not command.hidden]
