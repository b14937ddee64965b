"""First-time creation at once, on SQLite and PostgreSQL: a chat's target, a region and an alias are made once, and
no command fails on a unique key."""

import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.models import TargetKind
from bot.services.common import Actor
from storage.models import Post, Region, RegionAlias, Target, TargetRegion
from tests.factories import ADMIN, chat, unit

Sessions = async_sessionmaker[AsyncSession]


async def test_a_new_chat_subscribing_twice_at_once_keeps_both(db: Sessions) -> None:
    async def subscribe_to(region: str) -> None:
        async with unit(db) as services:
            await services.subscriptions.subscribe(chat("900"), TargetKind.PRIVATE, "new chat", [region])

    await asyncio.gather(subscribe_to("UK"), subscribe_to("Brazil"), subscribe_to("UK"))
    async with db() as session:
        assert len((await session.scalars(select(Target))).all()) == 1
        keys = sorted((await session.scalars(select(TargetRegion.region_key))).all())
    assert keys == ["brazil", "uk"]


async def test_five_first_posts_in_a_new_region_at_once_make_one_region(db: Sessions) -> None:
    async def post(n: int) -> None:
        async with unit(db) as services:
            await services.compose.create_draft(Actor(ADMIN.platform, str(n), ADMIN.chat), f"Atlantis: Storm {n}")

    await asyncio.gather(*(post(n) for n in range(5)))
    async with db() as session:
        assert [region.key for region in await session.scalars(select(Region))] == ["atlantis"]
        assert len((await session.scalars(select(Post))).all()) == 5


async def test_an_alias_added_twice_at_once(db: Sessions) -> None:
    async with unit(db) as services:
        await services.compose.create_draft(ADMIN, "UK: Night Buses Return")

    async def alias(name: str) -> None:
        async with unit(db) as services:
            await services.aliases.add("UK", name)

    await asyncio.gather(alias("United Kingdom"), alias("united kingdom"))
    async with db() as session:
        assert [(alias.key, alias.region_id) for alias in await session.scalars(select(RegionAlias))] == [
            ("united kingdom", 1)
        ]
