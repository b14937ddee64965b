"""Reading Herald's plain values out of Telegram messages."""

__all__ = ["IsAdmin", "actor_of", "address_of", "kind_of", "number", "photos_of", "title_of", "words"]

from aiogram.filters import CommandObject, Filter
from aiogram.types import Chat, Message

from bot.domain.arguments import number, split_words
from bot.domain.models import Address, Platform, TargetKind
from bot.services.common import Actor, IncomingPhoto


def address_of(message: Message) -> Address:
    """Where to answer or deliver: the chat, and the forum topic when the message is in one."""
    thread = message.message_thread_id if message.is_topic_message else None
    return Address(Platform.TELEGRAM, str(message.chat.id), thread)


def actor_of(message: Message, user_id: int) -> Actor:
    """The acting user in the message's chat."""
    return Actor(Platform.TELEGRAM, str(user_id), address_of(message))


def kind_of(chat: Chat) -> TargetKind:
    """What kind of target a chat is."""
    if chat.type == "private":
        return TargetKind.PRIVATE
    return TargetKind.CHANNEL if chat.type == "channel" else TargetKind.GROUP


def title_of(chat: Chat) -> str:
    """A chat's name as people know it."""
    return chat.title or chat.full_name or (f"@{chat.username}" if chat.username else str(chat.id))


def words(command: CommandObject | None) -> list[str]:
    """A command's arguments, split at spaces and commas; quotes keep `United Kingdom` together."""
    return split_words(command.args if command else None)


def photos_of(album: list[Message]) -> list[IncomingPhoto]:
    """The largest size of each photo, with its caption as the credit (the /post caption is not a credit)."""
    photos = []
    for message in album:
        if message.photo:
            caption = message.caption or ""
            credit = None if caption.lstrip().startswith(("/post", "/edit")) else caption
            photos.append(IncomingPhoto(ref=message.photo[-1].file_id, credit=credit))
    return photos


class IsAdmin(Filter):
    """Passes when the sender may use admin commands here."""

    async def __call__(self, message: Message, is_admin: bool = False) -> bool:
        return is_admin
