"""Services over a real SQLite database: bad input stores nothing, filters match, /latest behaves."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.arguments import latest_args, number
from bot.domain.errors import UserError
from bot.domain.rich import Kind, Rich, Span
from bot.services.reading import UnknownRegion
from storage.models import Delivery, Photo, Post
from tests.factories import ADMIN, photos, publish, subscribe, unit

Sessions = async_sessionmaker[AsyncSession]


async def count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_publish_queues_one_delivery_per_matching_target(sessions: Sessions) -> None:
    await publish(sessions, "UK: First (1.1.2026)")
    async with unit(sessions) as services:
        await services.aliases.add("UK", "United Kingdom")
    await subscribe(sessions, "10", "united KINGDOM")
    await subscribe(sessions, "11", "Brazil")
    await subscribe(sessions, "12", "all")
    await subscribe(sessions, "13", "uk", "Brazil")
    post_id = await publish(sessions, "uk: Bridge Reopens (16.1.2026)\nBody.")
    async with sessions() as session:
        rows = await session.scalars(select(Delivery).where(Delivery.post_id == post_id))
        targets = sorted([delivery.target_id for delivery in rows])
    assert len(targets) == 3 == len(set(targets))  # 10, 12 and 13; never 11; at most once each


async def test_publishing_twice_is_refused(sessions: Sessions) -> None:
    post_id = await publish(sessions, "UK: Once")
    with pytest.raises(UserError, match="was already published"):
        async with unit(sessions) as services:
            await services.compose.publish(ADMIN, post_id)


@pytest.mark.parametrize(
    ("text", "photo_count", "message"),
    [
        ("Bridge Reopens\nBody", 0, "needs a region prefix"),
        ("UK: Bridge (31.2.2026)\nBody", 0, "not a real date"),
        ("UK: Bridge\nBody", 11, "at most 10 photos"),
        ("", 0, "Write the post after the command"),
    ],
)
async def test_bad_drafts_store_nothing(sessions: Sessions, text: str, photo_count: int, message: str) -> None:
    with pytest.raises(UserError, match=message):
        async with unit(sessions) as services:
            await services.compose.create_draft(ADMIN, text, photos(photo_count))
    assert await count(sessions, Post) == 0 and await count(sessions, Photo) == 0


async def test_photos_join_the_open_draft_up_to_ten(sessions: Sessions) -> None:
    async with unit(sessions) as services:
        await services.compose.create_draft(ADMIN, "UK: Bridge\nBody\nPhoto: Press Office", photos(8, None))
    async with unit(sessions) as services:
        draft = await services.compose.add_photos(ADMIN, photos(2))
    assert draft is not None and len(draft.photos) == 10
    assert draft.photos[0].credit == "Photo: Press Office" and draft.body.text == "Body"
    with pytest.raises(UserError, match="would have 11"):
        async with unit(sessions) as services:
            await services.compose.add_photos(ADMIN, photos(1))
    assert await count(sessions, Photo) == 10


async def test_publish_without_draft_and_read_unknown(sessions: Sessions) -> None:
    async with unit(sessions) as services:
        with pytest.raises(UserError, match="no open draft"):
            await services.compose.publish(ADMIN, None)
        with pytest.raises(UserError, match="no post #999999"):
            await services.reading.read(999999)


async def test_latest_caps_orders_and_names_known_regions(sessions: Sessions) -> None:
    for day in range(1, 25):
        await publish(sessions, f"UK: Day {day} ({day}.1.2026)")
    await publish(sessions, "Brazil: Samba (3.1.2026)")
    async with unit(sessions) as services:
        latest = await services.reading.latest("uk", 1000)
        assert latest.capped_from == 1000 and len(latest.posts) == 20
        assert [post.title for post in latest.posts[:2]] == ["Day 24", "Day 23"]
        with pytest.raises(UnknownRegion, match="Known regions: Brazil, UK"):
            await services.reading.latest("Atlantis")
        regions = await services.reading.regions()
    assert [(region.name, region.posts) for region in regions] == [("Brazil", 1), ("UK", 24)]


@pytest.mark.parametrize(
    ("text", "answer"),
    [("²", "must be a number"), ("99999999999999999999", "is too large"), ("٣", "must be a number"),
     ("-1", "must be a number"), ("1e3", "must be a number"), ("#12", None), ("9223372036854775807", None)],
)  # fmt: skip
def test_ids_are_ascii_digits_within_range(text: str, answer: str | None) -> None:
    if answer is None:
        assert number(text, "The post id") == int(text.removeprefix("#"))
        return
    with pytest.raises(UserError, match=answer):
        number(text, "The post id")
    if answer == "is too large":  # a count past any id is refused too, not handed to the database
        with pytest.raises(UserError, match=answer):
            latest_args(["UK", text], 5)


async def test_a_draft_stores_its_body_formatting_apart_from_title_and_credit(sessions: Sessions) -> None:
    text = "  UK: Bridge <b>Reopens</b>\r\n\r\nThe 😀 <bold> part\r\nPhoto: Press Office"
    bold = text.index("<b>")
    spans = [Span(Kind.BOLD, bold, bold + 14), Span(Kind.BOLD, text.index("<bold>"), text.index(" part"))]
    async with unit(sessions) as services:
        draft = await services.compose.create_draft(ADMIN, Rich.of(text, spans), photos(1, None))
    async with unit(sessions) as services:
        await services.compose.publish(ADMIN, draft.id)
    async with unit(sessions) as services:
        stored = await services.reading.read(draft.id)  # read back from posts.body and posts.body_spans
    assert draft.title == "Bridge <b>Reopens</b>" and draft.photos[0].credit == "Photo: Press Office"
    assert draft.body == Rich("The 😀 <bold> part", (Span(Kind.BOLD, 6, 12),))  # code points, not UTF-16
    assert stored.body == draft.body
