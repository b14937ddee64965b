"""Small factories with defaults and keyword overrides."""

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalogues import Catalogues
from bot.delivery.worker import OutboxSignal
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.voice import Voice
from bot.services.common import Actor, IncomingPhoto
from bot.services.registry import Services
from storage.uow import UnitsOfWork

ADMIN = Actor(Platform.TELEGRAM, "1", Address(Platform.TELEGRAM, "1"))
CATALOGUES = Catalogues.load()  # the shipped catalogues, read once for the test session
ENGLISH = CATALOGUES.voice(Platform.TELEGRAM)


def voice(language: str | None = None, platform: Platform = Platform.TELEGRAM) -> Voice:
    """How Herald speaks on platform in language, with the shipped catalogues."""
    return CATALOGUES.voice(platform, language)


def chat(chat_id: str = "100", platform: Platform = Platform.TELEGRAM, thread: int | None = None) -> Address:
    return Address(platform, chat_id, thread)


def photos(count: int, credit: str | None = "Photo: Ann Lee") -> list[IncomingPhoto]:
    return [IncomingPhoto(f"file-{n}", credit if n == 0 else None) for n in range(count)]


@asynccontextmanager
async def unit(
    sessions: async_sessionmaker[AsyncSession], outbox: OutboxSignal | None = None
) -> AsyncIterator[Services]:
    """One committed unit of work, as the update middleware runs it."""
    async with UnitsOfWork(sessions)() as uow:
        yield Services.over(uow, outbox or OutboxSignal(), lambda: date(2026, 1, 20))
        await uow.commit()


async def subscribe(
    sessions: async_sessionmaker[AsyncSession],
    chat_id: str,
    *regions: str,
    kind: TargetKind = TargetKind.PRIVATE,
) -> None:
    async with unit(sessions) as services:
        await services.subscriptions.subscribe(chat(chat_id), kind, f"chat {chat_id}", list(regions))


async def publish(sessions: async_sessionmaker[AsyncSession], text: str, photo_count: int = 0) -> int:
    async with unit(sessions) as services:
        draft = await services.compose.create_draft(ADMIN, text, photos(photo_count))
        await services.compose.publish(ADMIN, draft.id)
    return draft.id


def reader_rows(chat_ids: Iterable[int]) -> list[dict[str, object]]:
    """Rows for many private-chat targets subscribed to everything, for a bulk insert."""
    return [
        {"platform": "telegram", "chat_id": str(chat_id), "thread_id": 0, "kind": TargetKind.PRIVATE, "title": "",
         "all_regions": True, "active": True}
        for chat_id in chat_ids
    ]  # fmt: skip
