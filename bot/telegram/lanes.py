"""Updates of one chat are handled in the order they arrived; an album's messages are gathered into one."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ChatTurns:
    """Turns per chat, handed out in arrival order: each update waits for the one before it in its chat."""

    def __init__(self) -> None:
        self._last: dict[str, asyncio.Future[None]] = {}

    def take(self, chat: str) -> tuple["asyncio.Future[None] | None", "asyncio.Future[None]"]:
        """The turn before this one (None when the chat is idle) and this turn, to be resolved when done."""
        before = self._last.get(chat)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[chat] = mine
        return before, mine

    def finish(self, chat: str, before: "asyncio.Future[None] | None", mine: "asyncio.Future[None]") -> None:
        """This turn is over; if it ended early (cancelled) the next still waits for the one before it."""
        if before is not None and not before.done():
            before.add_done_callback(lambda _done: self.finish(chat, None, mine))
            return
        mine.set_result(None)
        if self._last.get(chat) is mine:
            del self._last[chat]  # idle chats are forgotten: memory stays flat


def chat_key(event: TelegramObject) -> str | None:
    if isinstance(event, Message):
        return str(event.chat.id)
    if isinstance(event, CallbackQuery) and isinstance(event.message, Message):
        return str(event.message.chat.id)
    return None


class InboxMiddleware(BaseMiddleware):
    """Takes each update's turn in its chat as it arrives (aiogram handles updates concurrently), gathers the
    messages of an album into one call as `album`, and runs the handler when the turn comes."""

    def __init__(self, album_seconds: float = 0.6) -> None:
        self.album_seconds = album_seconds
        self.turns = ChatTurns()
        self.albums: dict[str, list[Message]] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat = chat_key(event)
        if chat is None:
            return await handler(event, data)
        group = event.media_group_id if isinstance(event, Message) else None
        if group is not None and group in self.albums:
            self.albums[group].append(event)  # type: ignore[arg-type]  # group is only set for a Message
            return None  # the album's first message handles them all
        before, mine = self.turns.take(chat)  # before any await: the turn is taken in arrival order
        try:
            album = await self._gather(event, group)
            if before is not None:
                await asyncio.shield(before)
            lead = next((message for message in album if message.caption), album[0]) if album else event
            return await handler(lead, {**data, "album": album})
        finally:
            self.turns.finish(chat, before, mine)

    async def _gather(self, event: TelegramObject, group: str | None) -> list[Message]:
        if not isinstance(event, Message):
            return []
        if group is None:
            return [event]
        self.albums[group] = [event]
        try:
            await asyncio.sleep(self.album_seconds)
        finally:
            album = self.albums.pop(group)  # also when cancelled: a later message of the group is not swallowed
        return sorted(album, key=lambda message: message.message_id)
