"""Per-update objects: one unit of work with its services, and whether the sender may use admin commands."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware
from aiogram.types import Chat, Message, TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.worker import OutboxSignal
from bot.services.registry import Services
from bot.settings import Settings

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateData(TypedDict):
    """What UnitOfWorkMiddleware adds to every handler's data."""

    services: Services
    is_admin: bool


def sender_is_admin(settings: Settings, user: User | None, chat: Chat | None) -> bool:
    """Admins act in a private chat with the bot or in an ADMIN_CHATS chat."""
    if user is None or str(user.id) not in settings.admins:
        return False
    return chat is None or chat.type == "private" or str(chat.id) in settings.admin_chats


class UnitOfWorkMiddleware(BaseMiddleware):
    """Opens one session per update, hands its services to the handler, and commits once it succeeds."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: OutboxSignal, settings: Settings):
        self.sessions, self.outbox, self.settings = sessions, outbox, settings
        self.zone = ZoneInfo(settings.timezone)

    def today(self) -> date:
        return datetime.now(self.zone).date()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessions() as session:
            extra = UpdateData(
                services=Services.over(session, self.outbox, self.today, self.zone),
                is_admin=sender_is_admin(self.settings, data.get("event_from_user"), data.get("event_chat")),
            )
            result = await handler(event, {**data, **extra})
            await session.commit()  # only after the handler succeeded: a UserError leaves nothing written
            return result


class AlbumMiddleware(BaseMiddleware):
    """Collects the messages of one album and hands them to one handler call as `album`."""

    def __init__(self, wait_seconds: float = 0.6) -> None:
        self.wait_seconds = wait_seconds
        self.pending: dict[str, list[Message]] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Message) or event.media_group_id is None:
            return await handler(event, {**data, "album": [event] if isinstance(event, Message) else []})
        group = self.pending.setdefault(event.media_group_id, [])
        group.append(event)
        if len(group) > 1:
            return None  # the first message of the album handles them all
        await asyncio.sleep(self.wait_seconds)
        album = sorted(self.pending.pop(event.media_group_id), key=lambda message: message.message_id)
        lead = next((message for message in album if message.caption), album[0])
        return await handler(lead, {**data, "album": album})
