"""Telegram in: messages, channel posts and button presses become platform-neutral requests for the runner."""

from dataclasses import replace

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, Message, User

from bot import texts
from bot.commands.model import Audience, Request
from bot.commands.runner import CommandRunner
from bot.domain.models import Address, Platform
from bot.domain.rich import Rich
from bot.services.common import IncomingPhoto
from bot.settings import Settings
from bot.telegram.chat import TelegramChat, address_of, kind_of
from bot.telegram.entities import rich_of
from bot.telegram.outbound import BUTTON_PREFIX, TelegramResponder

DEEP_LINK_READ = "read_"  # t.me/<bot>?start=read_42 opens post 42
STALE = {"pick": texts.PICK_STALE}  # what a button says on a message too old to read, by command; else STALE_BUTTON


def split_command(text: str) -> tuple[str, str, str] | None:
    """`/name@bot args` as its name (lower case), the bot it addresses, and the arguments; None for no command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, *rest = text.split(maxsplit=1)
    name, _, mention = head[1:].partition("@")
    return name.lower(), mention, rest[0] if rest else ""


def photos_of(album: list[Message]) -> tuple[IncomingPhoto, ...]:
    """The largest size of each photo, with its caption as the credit (a command caption is no credit)."""
    return tuple(
        IncomingPhoto(ref=message.photo[-1].file_id, credit=_credit(message.caption))
        for message in album
        if message.photo
    )


def _credit(caption: str | None) -> str | None:
    return None if (caption or "").lstrip().startswith("/") else caption


def formatted_args(message: Message, args: str) -> Rich:
    """The formatting of a command's arguments (the end of the message's text or caption)."""
    text = message.text if message.text is not None else message.caption or ""
    entities = message.entities if message.text is not None else message.caption_entities
    return rich_of(text, entities).slice(len(text) - len(args))


def button_command(data: str) -> str | None:
    """The command line a button runs (`draft:publish:5` is the form of buttons sent by earlier versions)."""
    if data.startswith(BUTTON_PREFIX):
        name, _, args = data.removeprefix(BUTTON_PREFIX).partition(" ")
        return f"{name.lower()} {args}".strip()
    action, _, draft_id = data.removeprefix("draft:").lower().partition(":")
    return f"{action} {draft_id}" if data.startswith("draft:") and action in {"publish", "cancel"} else None


def offers(message: Message, data: str) -> bool:
    """Whether the message carries a button with this data: Herald acts only on buttons it put there itself."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else []
    return any(button.callback_data == data for row in rows for button in row)


class TelegramInbound:
    """Turns updates into requests, runs them, and hands their replies to the responder."""

    def __init__(self, bot: Bot, runner: CommandRunner, responder: TelegramResponder, settings: Settings) -> None:
        self.bot, self.runner, self.responder, self.settings = bot, runner, responder, settings

    def router(self) -> Router:
        """The binding's aiogram router: every message, admin commands posted in channels, and buttons."""
        router = Router(name=__name__)
        router.message.register(self.on_message)
        router.channel_post.register(self.on_channel_post, F.text.startswith("/"))
        router.callback_query.register(self.on_button, F.data)
        return router

    async def on_message(self, message: Message, album: list[Message]) -> None:
        """A command, or photos for an admin's open draft."""
        request = await self.request_of(message, album)
        if request is None:
            return
        replies = await (self.runner.run(request) if request.command else self.runner.photos(request))
        self.responder.answer(request, replies)

    async def on_channel_post(self, message: Message) -> None:
        """A channel post has no admin behind it that Herald can check: admin commands are refused."""
        parsed = split_command(message.text or "")
        command = self.runner.catalogue.get(parsed[0]) if parsed else None
        if parsed is None or command is None or command.audience != Audience.HERALD_ADMINS:
            return
        request = self._request(message, parsed[0], parsed[2], None, ())
        self.responder.answer(request, await self.runner.run(request))

    async def on_button(self, query: CallbackQuery) -> None:
        """A button runs its command as if the presser had typed it."""
        line, message = button_command(query.data or ""), query.message
        if line is None or not isinstance(message, Message):  # not Herald's, or a message too old to read
            self.responder.answer_stale(query, "" if line is None else await self._stale(query, line))
            return
        if not offers(message, query.data or ""):  # a button that message never showed: forged
            self.responder.answer_stale(query, "")
            return
        name, _, args = line.partition(" ")
        request = self._request(message, name, args, query.from_user, (), via_button=True)
        self.responder.answer_button(query, request, await self.runner.run(request))

    async def _stale(self, query: CallbackQuery, line: str) -> str:
        """What a button on a message too old to read says, in the language a command in its chat would get."""
        template, code = STALE.get(line.partition(" ")[0], texts.STALE_BUTTON), query.from_user.language_code
        if query.message is None:  # a message sent inline has no chat to read: the presser's app language
            return self.runner.catalogues.voice(Platform.TELEGRAM, self.runner.reported_by(code)).plain(template)
        chat = query.message.chat  # the chat's language, not a topic's: an old message no longer says its topic
        address = Address(Platform.TELEGRAM, str(chat.id))
        return (await self.runner.voice_in(address, chat.type == "private", code)).plain(template)

    async def request_of(self, message: Message, album: list[Message]) -> Request | None:
        """The request a message makes, or None when it is not for Herald."""
        photos = photos_of(album)
        parsed = split_command(message.text or message.caption or "")
        if parsed is None:
            return self._request(message, "", "", message.from_user, photos) if photos else None
        name, mention, args = parsed
        if not await self._for_me(message, name, mention):
            return None
        if name == "start" and args.startswith(DEEP_LINK_READ):
            name, args = "read", args.removeprefix(DEEP_LINK_READ)
        request = self._request(message, name, args, message.from_user, photos)
        return replace(request, rich=formatted_args(message, args))

    async def _for_me(self, message: Message, name: str, mention: str) -> bool:
        """A command addressed to another bot is theirs; in a group, so is a bare one Herald doesn't know, and a
        bare admin command from someone who is none of Herald's admins (other bots use `/stats` and `/post`)."""
        if mention:
            me = await self.bot.me()
            return mention.casefold() == (me.username or "").casefold()
        user = message.from_user
        from_admin = user is not None and str(user.id) in self.settings.admins
        return message.chat.type == "private" or self.runner.answers_unaddressed(name, from_admin)

    def _request(
        self,
        message: Message,
        name: str,
        args: str,
        user: User | None,
        photos: tuple[IncomingPhoto, ...],
        via_button: bool = False,
    ) -> Request:
        sender = user.id if user else (message.sender_chat.id if message.sender_chat else message.chat.id)
        private = message.chat.type == "private"
        return Request(
            platform=Platform.TELEGRAM,
            command=name,
            args=args,
            user_id=str(sender),
            chat=address_of(message),
            chat_kind=kind_of(message.chat),
            is_admin=self.settings.admin_here(str(user.id) if user else None, str(message.chat.id), private),
            port=TelegramChat(self.bot, message, user.id if user else None, by_button=via_button),
            photos=photos,
            via_button=via_button,
            sender_name=user.full_name if user else "",
            answers=None if via_button else self._answered_text(message),
            language=user.language_code if user else None,
        )

    def _answered_text(self, message: Message) -> str | None:
        """The text of Herald's own message that message replies to, or None when it replies to none of them."""
        answered = message.reply_to_message
        if answered is None or answered.from_user is None or answered.from_user.id != self.bot.id:
            return None
        return answered.text or answered.caption or ""
