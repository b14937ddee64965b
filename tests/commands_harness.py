"""Herald's commands run in-process on both platforms, in milliseconds.

Telegram: updates go through the real dispatcher (`build_dispatcher`) and the bot talks real HTTP to the Bot API
stand-in in the test's own loop; what a person saw is what the stand-in recorded in their chat.
Matrix: room messages go through the real `CommandRouter` with a small room directory and a recording messenger.
Both share one `CommandRunner` over a migrated SQLite database, as `herald run` builds it.
"""

import shutil
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.types import Update
from mautrix.errors import MNotFound
from mautrix.types import RoomAliasInfo, RoomID
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.app import telegram_kind
from bot.commands.responder import Responder
from bot.commands.runner import CommandRunner
from bot.delivery.paced import ChatQueues, PacedMessenger
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import OutboxSignal
from bot.domain.models import COMMAND_PREFIX, Address, Platform
from bot.domain.render import Rendered, RenderStyle
from bot.matrix.commands import CommandRouter, Incoming
from bot.matrix.rooms import Rooms
from bot.matrix.setup import MATRIX_STYLE
from bot.memory_messenger import MemoryMessenger
from bot.messenger import SentCopy
from bot.reports import Reporter
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.setup import Binding, TelegramParts, build_dispatcher, create_bot
from handlers import build_catalogue
from storage.base import Base
from storage.engine import create_engine, create_sessionmaker
from storage.uow import UnitOfWork, UnitsOfWork
from tests.factories import CATALOGUES, publish
from tests.matrix_people import formatted_content
from tests.standin.people import Person, person
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

Sessions = async_sessionmaker[AsyncSession]
DRAIN_SECONDS = 10.0
FIRST_POST = "UK: Bridge Reopens (16.1.2026)\nThe old bridge reopened on Friday."
STORM = "post UK: Storm Warning (17.1.2026)\nRain all week."  # becomes draft #2: post #1 is published already


class Who(StrEnum):
    """The people every harness knows."""

    ADMIN = "admin"  # one of Herald's admins (ADMINS)
    READER = "reader"  # anyone else; a plain member of the group
    OWNER = "owner"  # the group's (or room's) owner, not one of Herald's admins


class Where(StrEnum):
    PRIVATE = "private"  # the person's private chat (direct room) with the bot
    GROUP = "group"  # a group (shared room) all three are in


@asynccontextmanager
async def copied_database(template: Path, folder: Path) -> AsyncIterator[Sessions]:
    """Sessions on a copy of an already migrated database: a copy takes a millisecond, migrating a tenth of a
    second."""
    path = folder / template.name
    shutil.copyfile(template, path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


def fast_pacer() -> Pacer:
    """A pacer whose limits never hold a test up (its 429 handling still applies)."""
    return Pacer(1000.0, ChatLimits(private_interval=0.0, shared_interval=0.0))


def new_runner(sessions: Sessions) -> CommandRunner:
    return CommandRunner(
        build_catalogue(), UnitsOfWork(sessions), OutboxSignal(), ZoneInfo("UTC"), catalogues=CATALOGUES
    )


INBOX = "handled_events"  # which Matrix events were answered (a replayed one is not answered twice): no content


async def stored(sessions: Sessions) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the inbox: what commands stored, compared before and after."""
    async with sessions() as session:
        return {
            table.name: [tuple(row) for row in (await session.execute(select(table))).all()]
            for table in Base.metadata.sorted_tables
            if table.name != INBOX
        }


class CommitFails(UnitsOfWork):
    """Units of work whose commit fails, as on a full disk: what they wrote is rolled back when they close."""

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[UnitOfWork]:
        async with super().__call__() as uow:
            uow.commit = _failed_commit  # type: ignore[method-assign]
            yield uow


async def _failed_commit() -> None:
    raise OperationalError("COMMIT", None, Exception("disk I/O error"))


@dataclass
class Harness(ABC):
    """What tests do on either platform: people send command lines and read what they got back."""

    platform: Platform
    sessions: Sessions
    runner: CommandRunner
    lanes: ChatQueues
    channel: str  # how an admin names a channel Herald can post in, on this platform

    @property
    def prefix(self) -> str:
        return COMMAND_PREFIX[self.platform]

    async def send(self, line: str, who: Who = Who.ADMIN, where: Where = Where.PRIVATE) -> list[str]:
        """Send `prefix + line`; the texts that chat received in answer, in order."""
        before = len(self.seen(who, where))
        await self.deliver(self.prefix + line, who, where)
        await self.lanes.drain(DRAIN_SECONDS)
        return self.seen(who, where)[before:]

    async def send_formatted(self, markup: str, who: Who = Who.ADMIN, where: Where = Where.PRIVATE) -> list[str]:
        """Send `prefix + markup` as a formatted message (markup: HTML both platforms' clients write); the texts
        that chat received in answer."""
        before = len(self.seen(who, where))
        await self.deliver_formatted(self.prefix + markup, who, where)
        await self.lanes.drain(DRAIN_SECONDS)
        return self.seen(who, where)[before:]

    @abstractmethod
    async def deliver(self, text: str, who: Who, where: Where) -> None:
        """Hand the text to Herald as that person's message in that chat."""

    @abstractmethod
    async def deliver_formatted(self, markup: str, who: Who, where: Where) -> None:
        """Hand the formatted message to Herald as the platform's clients send it."""

    @abstractmethod
    def seen(self, who: Who, where: Where) -> list[str]:
        """Everything the bot sent to that chat so far (Telegram: as it reads now, after any edits)."""

    async def stored(self) -> dict[str, list[tuple[Any, ...]]]:
        return await stored(self.sessions)


# -- Telegram ---------------------------------------------------------------------------------------------------


@dataclass
class TelegramHarness(Harness):
    standin: BotApiStandIn = field(kw_only=True)
    bot: Bot = field(kw_only=True)
    dispatcher: Dispatcher = field(kw_only=True)
    people: dict[Who, Person] = field(kw_only=True)
    group: Chat = field(kw_only=True)
    pacer: Pacer = field(kw_only=True)  # fast; a test may give it production's per-chat limits

    def chat_of(self, who: Who, where: Where) -> Chat:
        return self.people[who].private if where == Where.PRIVATE else self.group

    async def deliver(self, text: str, who: Who, where: Where) -> None:
        await self.feed(self.people[who].say(text, self.chat_of(who, where)))

    async def deliver_formatted(self, markup: str, who: Who, where: Where) -> None:
        await self.feed(self.people[who].say_formatted(markup, self.chat_of(who, where)))

    async def feed(self, update: dict[str, Any]) -> None:
        """Hand one update to the dispatcher, as polling would."""
        await self.dispatcher.feed_update(self.bot, Update.model_validate(update, context={"bot": self.bot}))

    def seen(self, who: Who, where: Where) -> list[str]:
        return [sent.text for sent in self.standin.world.in_chat(self.chat_of(who, where).id)]

    async def press(self, who: Who, message: dict[str, Any], data: str) -> None:
        """Press a button under a message the bot sent, and wait for the answer."""
        await self.feed(self.people[who].press(message, data))
        await self.lanes.drain(DRAIN_SECONDS)


async def close_quickly(bot: Bot) -> None:
    """Close the bot's HTTP session without aiogram's 250 ms wait for TLS connections: the stand-in speaks plain
    HTTP, and that wait would be a third of each test."""
    session = bot.session
    assert isinstance(session, AiohttpSession)
    if session._session is not None:
        await session._session.close()


@asynccontextmanager
async def telegram_harness(
    standin: BotApiStandIn,
    sessions: Sessions,
    admins: tuple[Who, ...] = (Who.ADMIN,),
    admin_group: bool = False,
) -> AsyncIterator[TelegramHarness]:
    """Herald's Telegram binding against the stand-in; replies paced like production, with a fast pacer;
    admin_group: the group is one of the ADMIN_CHATS."""
    people = {who: person(standin, who.value.title()) for who in Who}
    group = Chat(-100200, "supergroup", title="Readers' Club")
    group.members = {people[Who.OWNER].id: "creator", people[Who.READER].id: "member", people[Who.ADMIN].id: "member"}
    channel = Chat(-100777, "channel", title="UK News", username="uknews", bot_status="administrator")
    for chat in (group, channel):
        standin.world.chats[chat.id] = chat
    settings = Settings(
        _env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url,
        admins=frozenset(str(people[who].id) for who in admins), admin_chats=(str(group.id),) if admin_group else (),
    )  # fmt: skip
    bot = create_bot(settings)
    messenger = TelegramMessenger(bot, RenderStyle())
    pacer = fast_pacer()
    paced = PacedMessenger(messenger, pacer, telegram_kind)
    runner, lanes = new_runner(sessions), ChatQueues()
    binding = Binding(runner, paced, lanes, runner.units, Reporter({Platform.TELEGRAM: paced}, []))
    dispatcher = build_dispatcher(TelegramParts(bot, messenger, settings), binding)
    try:
        yield TelegramHarness(
            Platform.TELEGRAM, sessions, runner, lanes, "@uknews",
            standin=standin, bot=bot, dispatcher=dispatcher, people=people, group=group, pacer=pacer,
        )  # fmt: skip
    finally:
        await lanes.close()
        await close_quickly(bot)


# -- Matrix -----------------------------------------------------------------------------------------------------

SERVER = "example.org"
NEWS_ROOM, NEWS_ALIAS = f"!news:{SERVER}", f"#news:{SERVER}"


class AliasDirectory:
    """The one homeserver call `Rooms.resolve` makes: looking up a room alias."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    async def resolve_room_alias(self, alias: str) -> RoomAliasInfo:
        if alias not in self.aliases:
            raise MNotFound(404, "Room alias not found")
        return RoomAliasInfo(room_id=RoomID(self.aliases[alias]), servers=[SERVER])


class FakeRooms(Rooms):
    """The room state a homeserver would answer: which rooms are direct chats, who moderates which, and their
    names. Targets are resolved by the real `Rooms.resolve` against a directory of aliases."""

    def __init__(self, direct: set[str], admins: dict[str, set[str]], titles: dict[str, str]) -> None:
        super().__init__(AliasDirectory({NEWS_ALIAS: NEWS_ROOM}))  # type: ignore[arg-type]
        self.direct, self.admins, self.titles = direct, admins, titles
        self.own: dict[str, str] = {}  # event id -> body of the bot's own events that tests reply to

    async def own_text(self, room: str, event_id: str) -> str | None:
        return self.own.get(event_id)

    async def is_direct(self, room: str) -> bool:
        return room in self.direct

    async def is_room_admin(self, room: str, user: str) -> bool:
        return user in self.admins.get(room, set())

    async def title(self, room: str) -> str:
        return self.titles.get(room, room)

    async def check_can_post(self, room: str) -> str:
        return await self.title(room)


@dataclass
class RecordingMessenger(MemoryMessenger):
    """A memory messenger that also keeps, per room, every text it sent there in order (posts and notices)."""

    seen: dict[str, list[str]] = field(default_factory=dict)

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        self.seen.setdefault(address.chat_id, []).append(post.html)
        return await super().send_post(address, post, key)

    async def send_notice(self, address: Address, html: str) -> str:
        self.seen.setdefault(address.chat_id, []).append(html)
        return await super().send_notice(address, html)


@dataclass
class MatrixHarness(Harness):
    router: CommandRouter = field(kw_only=True)
    messenger: RecordingMessenger = field(kw_only=True)
    users: dict[Who, str] = field(kw_only=True)
    group: str = field(kw_only=True)
    events: int = field(default=0, kw_only=True)

    def room_of(self, who: Who, where: Where) -> str:
        return f"!dm-{who.value}:{SERVER}" if where == Where.PRIVATE else self.group

    async def deliver(self, text: str, who: Who, where: Where) -> None:
        content = {"msgtype": "m.text", "body": text}
        await self.router.handle(Incoming(self.room_of(who, where), self.users[who], self.event_id(), content))

    async def deliver_formatted(self, markup: str, who: Who, where: Where) -> None:
        content = formatted_content(markup)
        await self.router.handle(Incoming(self.room_of(who, where), self.users[who], self.event_id(), content))

    def event_id(self) -> str:
        self.events += 1
        return f"$event{self.events}"

    def seen(self, who: Who, where: Where) -> list[str]:
        return list(self.messenger.seen.get(self.room_of(who, where), []))


def matrix_harness(sessions: Sessions, admin_group: bool = False) -> MatrixHarness:
    """Herald's Matrix command router over a fake room directory; replies recorded per room; admin_group: the
    shared room is one of the ADMIN_CHATS."""
    users = {who: f"@{who.value}:{SERVER}" for who in Who}
    group = f"!club:{SERVER}"
    direct = {f"!dm-{who.value}:{SERVER}" for who in Who}
    titles = {group: "Readers' Club", NEWS_ROOM: "UK News", **dict.fromkeys(direct, "")}
    rooms = FakeRooms(direct, {group: {users[Who.OWNER]}}, titles)
    settings = Settings(
        _env_file=None, admins=frozenset({users[Who.ADMIN]}), admin_chats=(group,) if admin_group else ()
    )
    messenger = RecordingMessenger(Platform.MATRIX, MATRIX_STYLE)
    runner, lanes = new_runner(sessions), ChatQueues()
    router = CommandRouter(runner, Responder(messenger, lanes, runner.units), rooms, settings)
    return MatrixHarness(
        Platform.MATRIX, sessions, runner, lanes, NEWS_ALIAS,
        router=router, messenger=messenger, users=users, group=group,
    )  # fmt: skip


@asynccontextmanager
async def harness_on(platform: Platform, sessions: Sessions, admin_group: bool = False) -> AsyncIterator[Harness]:
    """A harness for platform with post #1 (UK) already published; Telegram gets its own stand-in."""
    await publish(sessions, FIRST_POST)
    if platform == Platform.MATRIX:
        matrix = matrix_harness(sessions, admin_group)
        try:
            yield matrix
        finally:
            await matrix.lanes.close()
        return
    standin = BotApiStandIn()
    await standin.start()
    try:
        async with telegram_harness(standin, sessions, admin_group=admin_group) as telegram:
            yield telegram
    finally:
        await standin.stop()


def admins_only(harness: Harness) -> str:
    """The refusal of an admin command, as the harness's platform words it."""
    return texts.ADMINS_ONLY_MATRIX if harness.platform == Platform.MATRIX else texts.ADMINS_ONLY
