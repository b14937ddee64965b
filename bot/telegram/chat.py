"""What commands may ask Telegram about a chat: the sender's rights, the chat's name, and chats to register."""

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, ChatFullInfo, Message

from bot import texts
from bot.commands.model import Channel
from bot.domain.arguments import MAX_NUMBER, is_number
from bot.domain.errors import UserError
from bot.domain.ids import is_matrix_room_id
from bot.domain.models import Address, Platform, TargetKind
from bot.messenger import fault_or
from bot.telegram.errors import translate

CHAT_ADMIN_STATUSES = {"creator", "administrator"}


def kind_of(chat: Chat) -> TargetKind:
    """What kind of target a chat is."""
    if chat.type == "private":
        return TargetKind.PRIVATE
    return TargetKind.CHANNEL if chat.type == "channel" else TargetKind.GROUP


def title_of(chat: Chat) -> str:
    """A chat's name as people know it."""
    return chat.title or chat.full_name or (f"@{chat.username}" if chat.username else str(chat.id))


def address_of(message: Message) -> Address:
    """Where to answer or deliver: the chat, and the forum topic when the message is in one."""
    thread = message.message_thread_id if message.is_topic_message else None
    return Address(Platform.TELEGRAM, str(message.chat.id), thread)


def parse_target(text: str) -> tuple[str | int, int | None]:
    """`@name`, `-100123` or `-100123:7` (a forum topic) as a chat and an optional topic id."""
    if is_matrix_room_id(text) or text.startswith("#"):
        raise UserError(texts.MATRIX_ROOM_ON_TELEGRAM, target=text)
    chat, _, topic = text.partition(":")
    if topic and not (is_number(topic) and int(topic) <= MAX_NUMBER):
        raise UserError(texts.TOPIC_NOT_A_NUMBER, target=text[:80])
    if chat.startswith("@") and len(chat) > 1:
        return chat, int(topic) if topic else None
    digits = chat.removeprefix("-")
    if is_number(digits) and int(digits) <= MAX_NUMBER:
        return int(chat), int(topic) if topic else None
    raise UserError(texts.NOT_A_CHAT, target=text[:80])


def may_post(info: ChatFullInfo, status: str, can_post: bool, can_send: bool) -> bool:
    """A channel needs an admin with the right to post; elsewhere a member who may send messages."""
    if info.type == "channel":
        return status == "creator" or (status == "administrator" and can_post)
    return status in {"creator", "administrator", "member"} or (status == "restricted" and can_send)


class TelegramChat:
    """The ChatPort of one Telegram message."""

    def __init__(self, bot: Bot, message: Message, user_id: int | None, by_button: bool = False) -> None:
        self.bot, self.message, self.user_id = bot, message, user_id
        self.by_button = by_button  # then the presser acts, not whoever sent the message the button is on

    async def is_chat_admin(self) -> bool:
        """In a group only its admins (or an anonymous admin posting as the group) change what it receives."""
        message = self.message
        if message.chat.type == "private":
            return True
        if message.sender_chat is not None and not self.by_button:
            return message.sender_chat.id == message.chat.id
        if self.user_id is None:
            return False
        member = await self.bot.get_chat_member(message.chat.id, self.user_id)
        return member.status in CHAT_ADMIN_STATUSES

    async def title(self) -> str:
        return title_of(self.message.chat)

    async def find_channel(self, target: str) -> Channel:
        """The chat, once the bot has made sure it can post there; a UserError saying why not otherwise."""
        chat, topic = parse_target(target)
        try:
            info = await self.bot.get_chat(chat)
            me = await self.bot.get_chat_member(info.id, self.bot.id)
        except TelegramAPIError as error:
            raise fault_or(translate(error), UserError(texts.CHAT_NOT_FOUND, target=chat)) from None
        can_post = bool(getattr(me, "can_post_messages", False))
        if not may_post(info, me.status, can_post, bool(getattr(me, "can_send_messages", False))):
            need = texts.NEED_CHANNEL_ADMIN if info.type == "channel" else texts.NEED_MEMBER
            raise UserError(texts.CANNOT_POST_IN_CHAT, title=title_of(info), need=need)
        return Channel(Address(Platform.TELEGRAM, str(info.id), topic), kind_of(info), title_of(info))

    async def find_registered(self, target: str) -> Address:
        """The address of a registered chat; an @name is looked up (removal needs no posting rights)."""
        chat, topic = parse_target(target)
        if isinstance(chat, str):
            try:
                chat = (await self.bot.get_chat(chat)).id
            except TelegramAPIError as error:
                raise fault_or(translate(error), UserError(texts.USERNAME_NOT_FOUND, target=chat)) from None
        return Address(Platform.TELEGRAM, str(chat), topic)
