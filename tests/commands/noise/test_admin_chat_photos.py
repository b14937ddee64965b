"""In a shared admin chat, only photos meant for a draft join it: sent right after `post`, or as a reply to the
draft's preview or notice; the notice says what was added and by whom."""

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.domain.text import visible_text
from bot.matrix.commands import Incoming
from storage.models import Photo, Post
from tests.commands_harness import STORM, Harness, MatrixHarness, Sessions, TelegramHarness, Where, Who


async def send_photo(harness: Harness, answering: str | None = None) -> list[str]:
    """The admin sends one photo in the group, as a reply to the bot's message starting with `answering`."""
    before = len(harness.seen(Who.ADMIN, Where.GROUP))
    if isinstance(harness, TelegramHarness):
        await harness.feed(telegram_photo(harness, answering))
    else:
        assert isinstance(harness, MatrixHarness)
        await harness.router.handle(matrix_image(harness, answering))
    await harness.lanes.drain(10)
    return harness.seen(Who.ADMIN, Where.GROUP)[before:]


def telegram_photo(harness: TelegramHarness, answering: str | None) -> dict[str, Any]:
    [update] = harness.people[Who.ADMIN].send_photos([None], harness.group)
    if answering is not None:
        sent = [
            s for s in harness.standin.world.in_chat(harness.group.id) if visible_text(s.text).startswith(answering)
        ]
        text_key = "text" if "text" in sent[-1].message else "caption"
        # Telegram hands in the answered message's text as plain text (the stand-in keeps what Herald sent, HTML)
        update["message"]["reply_to_message"] = {**sent[-1].message, text_key: visible_text(sent[-1].text)}
    return update


def matrix_image(harness: MatrixHarness, answering: str | None) -> Incoming:
    content: dict[str, Any] = {"msgtype": "m.image", "url": "mxc://example.org/p", "body": "p.jpg", "filename": "p.jpg"}
    if answering is not None:
        texts_seen = [visible_text(html) for html in harness.seen(Who.ADMIN, Where.GROUP)]
        harness.router.rooms.own["$answered"] = [text for text in texts_seen if text.startswith(answering)][-1]  # type: ignore[attr-defined]  # the harness's FakeRooms
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": "$answered"}}
    return Incoming(harness.group, harness.users[Who.ADMIN], harness.event_id(), content)


async def photo_count(sessions: Sessions) -> int:
    async with sessions() as session:
        return len((await session.execute(Photo.__table__.select())).all())


async def age_drafts(sessions: Sessions) -> None:
    async with sessions() as session:
        for post in await session.scalars(select(Post)):
            post.created_at -= timedelta(minutes=5)
        await session.commit()


async def test_in_a_shared_admin_chat_only_photos_meant_for_the_draft_join_it(newsroom: Harness) -> None:
    await newsroom.send(STORM, Who.ADMIN, Where.GROUP)
    *_, notice = await send_photo(newsroom)  # right after post: meant for it
    admin = "Admin" if isinstance(newsroom, TelegramHarness) else "@admin:example.org"
    assert "Draft <b>#2</b> (UK, 1 photo)" in notice and f"Added 1 photo from {admin}." in visible_text(notice)
    await age_drafts(newsroom.sessions)
    assert await send_photo(newsroom) == []  # a casual photo, minutes later: not the draft's
    assert await photo_count(newsroom.sessions) == 1
    *_, notice = await send_photo(newsroom, answering="Draft")  # a reply to the draft's notice
    assert "(UK, 2 photos)" in notice
    *_, notice = await send_photo(newsroom, answering="Storm Warning")  # a reply to its preview
    assert "(UK, 3 photos)" in notice and await photo_count(newsroom.sessions) == 3
