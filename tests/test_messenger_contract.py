"""One contract suite over every implementation of the messenger Protocol."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest

from bot.domain.models import Address, PhotoView, Platform, PostView
from bot.domain.render import RenderStyle, render_post
from bot.domain.rich import Rich
from bot.memory_messenger import MemoryMessenger
from bot.messenger import Messenger, Rejected, TargetGone
from bot.settings import Settings
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.setup import create_bot
from tests.factories import ENGLISH
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

CHAT = "4242"


@dataclass
class Subject:
    messenger: Messenger
    standin: BotApiStandIn | None = None

    def photo_refs(self, count: int) -> list[str]:
        if self.standin is None:
            return [f"mem-{n}" for n in range(count)]
        return [self.standin.world.new_file(f"photo {n}".encode()) for n in range(count)]


@pytest.fixture(params=["memory", "telegram"])
async def subject(request: pytest.FixtureRequest, standin: BotApiStandIn) -> AsyncIterator[Subject]:
    if request.param == "memory":
        yield Subject(MemoryMessenger())
        return
    standin.world.chats[int(CHAT)] = Chat(int(CHAT), "private", first_name="Reader")
    settings = Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url)
    bot = create_bot(settings)
    yield Subject(TelegramMessenger(bot, RenderStyle()), standin)
    await bot.session.close()


def post(refs: list[str], title: str = "Bridge Reopens") -> PostView:
    photos = tuple(
        PhotoView(n, "Photo: Ann" if n == 0 else None, {Platform.TELEGRAM: ref}) for n, ref in enumerate(refs)
    )
    return PostView(7, "UK", title, date(2026, 1, 16), Rich.plain("Body & more."), photos)


ADDRESS = Address(Platform.TELEGRAM, CHAT)
STYLE = RenderStyle()


async def test_text_post_is_one_message(subject: Subject) -> None:
    copy = await subject.messenger.send_post(ADDRESS, render_post(post([]), RenderStyle(), ENGLISH), key="k1")
    assert len(copy.message_ids) == 1 and not copy.photo_refs


async def test_album_gives_an_id_and_a_file_ref_per_photo(subject: Subject) -> None:
    refs = subject.photo_refs(3)
    copy = await subject.messenger.send_post(ADDRESS, render_post(post(refs), RenderStyle(), ENGLISH), key="k2")
    assert len(copy.message_ids) == 3 and len(set(copy.message_ids)) == 3
    assert sorted(copy.photo_refs) == [0, 1, 2]


async def test_edit_and_delete_a_delivered_album(subject: Subject) -> None:
    refs = subject.photo_refs(2)
    copy = await subject.messenger.send_post(ADDRESS, render_post(post(refs), RenderStyle(), ENGLISH), key="k3")
    edited = render_post(post(refs, "Bridge Closes"), RenderStyle(), ENGLISH)
    await subject.messenger.edit_post(ADDRESS, copy.message_ids, edited, media_changed=False, key="k3e")
    await subject.messenger.delete_post(ADDRESS, copy.message_ids)
    if subject.standin is not None:
        assert subject.standin.world.in_chat(int(CHAT)) == []
        assert "Bridge Closes" in subject.standin.world.sent[0].text


async def test_telegram_faults_map_to_protocol_faults(standin: BotApiStandIn) -> None:
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    messenger = TelegramMessenger(bot, RenderStyle())
    try:
        with pytest.raises(TargetGone, match="chat not found"):
            await messenger.send_post(
                Address(Platform.TELEGRAM, "999"), render_post(post([]), RenderStyle(), ENGLISH), "k"
            )
        standin.world.chats[5] = Chat(5, "private", first_name="Gone", blocked=True)
        with pytest.raises(TargetGone, match="blocked by the user"):
            await messenger.send_notice(Address(Platform.TELEGRAM, "5"), "hi")
        standin.world.chats[6] = Chat(6, "private", first_name="Reader")
        with pytest.raises(Rejected, match="can't parse entities"):
            await messenger.send_notice(Address(Platform.TELEGRAM, "6"), "a < b")
        with pytest.raises(Rejected, match="message is too long"):
            await messenger.send_notice(Address(Platform.TELEGRAM, "6"), "🔭" * 2049)
        await messenger.send_notice(Address(Platform.TELEGRAM, "6"), "🔭" * 2048)  # 4096 UTF-16 units
    finally:
        await bot.session.close()


@pytest.mark.parametrize(("before", "after", "in_place"), [(2, 2, True), (2, 3, False), (1, 0, False)])
async def test_new_photos_replace_the_old_ones(subject: Subject, before: int, after: int, in_place: bool) -> None:
    copy = await subject.messenger.send_post(
        ADDRESS, render_post(post(subject.photo_refs(before)), STYLE, ENGLISH), key="a"
    )
    new = render_post(post(subject.photo_refs(after), "Bridge Closes"), STYLE, ENGLISH)
    edited = await subject.messenger.edit_post(ADDRESS, copy.message_ids, new, media_changed=True, key="b")
    assert len(edited.message_ids) == max(1, after)
    assert (edited.message_ids == copy.message_ids) == in_place
    if subject.standin is not None:
        live = subject.standin.world.in_chat(int(CHAT))
        assert len(live) == max(1, after) and "Bridge Closes" in live[0].text
        if after:
            assert [sent.message["photo"][-1]["file_id"] for sent in live] == [
                photo.refs[Platform.TELEGRAM] for photo in new.photos
            ]


async def test_paid_broadcast_rides_on_every_send(standin: BotApiStandIn) -> None:
    standin.world.chats[int(CHAT)] = Chat(int(CHAT), "private", first_name="Reader")
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    messenger = TelegramMessenger(bot, RenderStyle(), paid=True)
    try:
        for count in (0, 1, 3):  # a text, one photo, an album
            refs = [standin.world.new_file(f"photo {n}".encode()) for n in range(count)]
            await messenger.send_post(ADDRESS, render_post(post(refs), STYLE, ENGLISH), key=f"paid-{count}")
        await messenger.send_notice(ADDRESS, "Post #7 is published.")
    finally:
        await bot.session.close()
    sends = [(method, params.get("allow_paid_broadcast")) for method, params in standin.world.calls]
    assert [method for method, _ in sends] == ["sendMessage", "sendPhoto", "sendMediaGroup", "sendMessage"]
    assert all(flag == "true" for _, flag in sends), sends
