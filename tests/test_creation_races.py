"""First-time creation at once, on SQLite and PostgreSQL: a chat's target, a region and an alias are made once, and
no command fails on a unique key."""

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.models import TargetKind
from bot.services.common import Actor
from bot.services.registry import Services
from storage.models import Post, Region, RegionAlias, Target, TargetRegion
from tests.factories import ADMIN, chat, unit

Sessions = async_sessionmaker[AsyncSession]
Work = Callable[[Services], Awaitable[object]]


async def overlapping(db: Sessions, first: Work, second: Work) -> None:
    """first writes and keeps its transaction open while second starts, finds nothing yet, and reaches its write."""
    wrote = asyncio.Event()

    async def holding() -> None:
        async with unit(db) as services:
            await first(services)
            wrote.set()
            await asyncio.sleep(0.3)

    task = asyncio.create_task(holding())
    await wrote.wait()
    async with unit(db) as services:
        await second(services)
    await task


async def test_a_new_chat_subscribing_twice_at_once_keeps_both(db: Sessions) -> None:
    def subscribe_to(region: str) -> Work:
        return lambda services: services.subscriptions.subscribe(chat("900"), TargetKind.PRIVATE, "chat", [region])

    await overlapping(db, subscribe_to("UK"), subscribe_to("Brazil"))
    await overlapping(db, subscribe_to("Brazil"), subscribe_to("Brazil"))
    async with db() as session:
        assert len((await session.scalars(select(Target))).all()) == 1
        keys = sorted((await session.scalars(select(TargetRegion.region_key))).all())
    assert keys == ["brazil", "uk"]


async def test_five_first_posts_in_a_new_region_at_once_make_one_region(db: Sessions) -> None:
    def post(n: int) -> Work:
        author = Actor(ADMIN.platform, str(n), ADMIN.chat)
        return lambda services: services.compose.create_draft(author, f"Atlantis: Storm {n}")

    async def alone(n: int) -> None:
        async with unit(db) as services:
            await post(n)(services)

    await overlapping(db, post(0), post(1))
    await asyncio.gather(*(alone(n) for n in range(2, 5)))
    async with db() as session:
        assert [region.key for region in await session.scalars(select(Region))] == ["atlantis"]
        assert len((await session.scalars(select(Post))).all()) == 5


async def test_an_alias_added_twice_at_once(db: Sessions) -> None:
    async with unit(db) as services:
        await services.compose.create_draft(ADMIN, "UK: Night Buses Return")

    def alias(name: str) -> Work:
        return lambda services: services.aliases.add("UK", name)

    await overlapping(db, alias("United Kingdom"), alias("united kingdom"))
    async with db() as session:
        assert [(alias.key, alias.region_id) for alias in await session.scalars(select(RegionAlias))] == [
            ("united kingdom", 1)
        ]
