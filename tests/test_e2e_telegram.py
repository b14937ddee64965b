"""The real `herald run` against the Bot API stand-in, driven only through updates, as people would."""

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from storage.base import utcnow
from storage.engine import create_engine, create_sessionmaker
from storage.models import Post
from tests.conftest import HeraldProcess, eventually
from tests.standin.people import Person, membership_update, person
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat, Sent
from tests.standin.telegram_html import parse_entities

BODY = (
    "The old bridge reopened on Friday after two years of repairs & repainting.\n\n"
    "Buses return to the route on Monday. Cyclists get a lane of their own."
)


def last(standin: BotApiStandIn, chat_id: int) -> str:
    """The text of the bot's latest message in chat_id ("" before the first)."""
    messages = standin.world.in_chat(chat_id)
    return messages[-1].text if messages else ""


def texts(standin: BotApiStandIn, chat_id: int) -> list[str]:
    return [sent.text for sent in standin.world.in_chat(chat_id)]


async def reply_to(standin: BotApiStandIn, who: Person, text: str, chat: Chat | None = None) -> str:
    """Send text and wait for the bot's next message in that chat."""
    chat = chat or who.private
    before = len(standin.world.in_chat(chat.id))
    who.say(text, chat)
    await eventually(lambda: len(standin.world.in_chat(chat.id)) > before, what=f"a reply to {text!r}")
    return standin.world.in_chat(chat.id)[before].original


async def compose(standin: BotApiStandIn, admin: Person, text: str) -> str:
    """/post text, then wait for the draft's notice and one more round trip, so that the draft is committed before
    the next command (updates are handled concurrently, as in production); the preview."""
    preview = await reply_to(standin, admin, text)
    await eventually(lambda: "Draft <b>#" in last(standin, admin.id), what="the draft notice")
    await reply_to(standin, admin, "/scheduled")
    return preview


def album(standin: BotApiStandIn, chat_id: int) -> list[Sent]:
    return [sent for sent in standin.world.in_chat(chat_id) if sent.method == "sendMediaGroup"]


def has_album(standin: BotApiStandIn, chat_id: int, photos: int) -> Callable[[], bool]:
    return lambda: len(album(standin, chat_id)) == photos


def has_photos(standin: BotApiStandIn, chat_id: int, file_ids: list[str]) -> Callable[[], bool]:
    return lambda: [sent.message["photo"][-1]["file_id"] for sent in album(standin, chat_id)] == file_ids


def caption_has(standin: BotApiStandIn, chat_id: int, text: str) -> Callable[[], bool]:
    return lambda: any(text in sent.text for sent in album(standin, chat_id))


async def test_admin_composes_album_and_subscribers_receive_it(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    uk_fan, brazil_fan, everything_fan = (person(standin, name) for name in ("Una", "Bruno", "Eve"))
    assert "UK" in await reply_to(standin, uk_fan, "/subscribe new UK")
    assert "Brazil" in await reply_to(standin, brazil_fan, "/subscribe new Brazil")
    assert "every region" in await reply_to(standin, everything_fan, "/subscribe all")
    channel = Chat(-100777, "channel", title="UK News", username="uknews", bot_status="administrator")
    standin.world.chats[channel.id] = channel
    assert "Registered" in await reply_to(standin, admin, "/addchannel @uknews UK")

    admin.send_photos(
        [f"/post UK: Bridge Reopens (16.1.2026)\n{BODY}\nPhoto: City Press Office", "Photo: Ann Lee", None]
    )
    await eventually(
        lambda: any(s.message.get("reply_markup") for s in standin.world.in_chat(admin.id)), what="preview"
    )
    preview = album(standin, admin.id)
    assert len(preview) == 3
    control = standin.world.in_chat(admin.id)[-1]
    draft_id = int(re.search(r"#(\d+)", control.text)[1])  # type: ignore[index]
    buttons = control.message["reply_markup"]["inline_keyboard"][0]
    assert [button["text"] for button in buttons] == ["✅ Publish", "✖ Cancel"]
    await reply_to(standin, admin, "/scheduled")  # a round trip: the draft is committed

    admin.press(control.message, buttons[0]["callback_data"])
    for chat_id in (uk_fan.id, everything_fan.id, channel.id):
        await eventually(has_album(standin, chat_id, 3), what=f"the album in {chat_id}")
    caption = album(standin, uk_fan.id)[0].text
    assert caption == preview[0].text  # the preview was exact
    assert "<b>Bridge Reopens</b>" in caption and "16 January 2026" in caption and "#UK" in caption
    assert "repairs &amp; repainting" in caption and "📷 Photo: City Press Office" in caption
    assert f"https://t.me/herald_test_bot?start=read_{draft_id}" in caption
    assert [sent.text for sent in album(standin, channel.id)][1:] == [
        "",
        "",
    ]  # caption on the first photo only
    assert texts(standin, brazil_fan.id) == [texts(standin, brazil_fan.id)[0]]  # only the /subscribe reply

    def confirmation() -> str:  # the message under the preview, edited with the outcome and then with progress
        return next(
            sent.text
            for sent in standin.world.in_chat(admin.id)
            if sent.message["message_id"] == control.message["message_id"]
        )

    await eventually(lambda: "delivered in" in confirmation(), what="the broadcast summary")
    assert "sent 3/3 · failed 0 · skipped 0" in confirmation()

    latest = await reply_to(standin, brazil_fan, "/latest uk")
    assert f"16 January 2026 – Bridge Reopens – /read {draft_id}" in latest
    full = await reply_to(standin, brazil_fan, f"/read {draft_id}")
    assert "Buses return to the route on Monday." in full and "<b>Bridge Reopens</b>" in full

    stranger = person(standin, "Mallory")
    refusal = await reply_to(standin, stranger, "/post UK: Fake News")
    assert refusal.startswith("Only Herald's admins")
    assert "Fake News" not in await reply_to(standin, brazil_fan, "/latest")


async def test_deep_link_opens_the_whole_post_and_long_posts_are_split(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n}. " + "Words follow here. " * 60 for n in range(12))
    preview = await compose(standin, admin, f"/post Canada: Early Snow (8.1.2026)\n{paragraphs}")
    assert "<b>Early Snow</b>" in preview and preview.endswith("Read the full post</a>")
    admin.say("/publish")
    await eventually(lambda: "Published post" in standin.world.in_chat(admin.id)[-1].original, what="confirmation")
    await reply_to(standin, admin, "/scheduled")  # a round trip: the confirmation comes just before the commit
    reader = person(standin, "Rita")
    reader.say("/start read_1")
    await eventually(lambda: len(texts(standin, reader.id)) >= 4, what="the full post in parts")
    parts = texts(standin, reader.id)
    assert all(len(part) <= 4096 for part in parts)
    assert "Paragraph 0." in parts[0] and "Paragraph 11." in parts[-1]


async def test_a_draft_survives_a_restart_and_reaches_a_forum_topic(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    owner = person(standin, "Olga")
    forum = Chat(-100888, "supergroup", title="Newsroom", is_forum=True, members={owner.id: "creator"})
    standin.world.chats[forum.id] = forum
    await reply_to(standin, admin, "/start")  # reports go to the admin's private chat
    membership_update(standin, forum, owner, "left", "member")
    await eventually(lambda: "Herald was added to group Newsroom" in last(standin, admin.id),
                     what="the added report")  # fmt: skip
    assert "Registered" in await reply_to(standin, admin, "/addchannel -100888:7 Japan")
    preview = await reply_to(standin, admin, "/post Japan: Harbour Line Reopens (24.1.2026)\nTrains run.")
    assert preview.startswith("<b>Harbour Line Reopens</b>")
    await eventually(lambda: "Draft <b>#1</b>" in last(standin, admin.id), what="the draft's id")
    await reply_to(standin, admin, "/regions")  # a round trip: the draft's update has been committed

    await herald.stop()
    await herald.start()
    assert "Published post #1. Delivering to 1 target." in await reply_to(standin, admin, "/publish")
    await eventually(lambda: bool(standin.world.in_chat(forum.id)), what="the post in the topic")
    delivered = standin.world.in_chat(forum.id)[0]
    assert delivered.message["message_thread_id"] == 7 and "#Japan" in delivered.text
    for _ in range(50):  # the copy may be out a moment before the worker has recorded it
        stats = await reply_to(standin, admin, "/stats 1")
        if "pending 0" in stats:
            break
        await asyncio.sleep(0.1)
    assert "sent 1 · pending 0 · failed 0 · skipped 0" in stats


async def test_edit_and_delete_reach_every_copy_albums_included(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    readers = [person(standin, name) for name in ("Una", "Eve")]
    for reader in readers:
        await reply_to(standin, reader, "/subscribe new UK")
    admin.send_photos(["/post UK: Bridge Reopens (16.1.2026)\nBody.", "Photo: Ann Lee"])
    await eventually(lambda: "Draft <b>#1</b>" in last(standin, admin.id), what="preview")
    await reply_to(standin, admin, "/scheduled")  # a round trip: the draft is committed
    await reply_to(standin, admin, "/publish 1")
    for reader in readers:
        await eventually(has_album(standin, reader.id, 2), what="the album")

    answer = await reply_to(standin, admin, "/edit 1\nUK: Bridge Closes Again (17.1.2026)\nNew body.")
    assert answer == "Post #1 edited. Editing 2 delivered copies."
    for reader in readers:
        await eventually(caption_has(standin, reader.id, "Bridge Closes Again"), what="the edit")
        assert "17 January 2026" in album(standin, reader.id)[0].text and album(standin, reader.id)[0].edits == 1

    new_photos = admin.send_photos(["/edit 1\nUK: Bridge Closes Again (17.1.2026)\nNew body.", "Photo: Bo"])
    new_ids = [update["message"]["photo"][-1]["file_id"] for update in new_photos]
    answer = "Post #1 edited. Editing 2 delivered copies."
    await eventually(lambda: texts(standin, admin.id).count(answer) == 2, what="the second edit's answer")
    for reader in readers:
        await eventually(has_photos(standin, reader.id, new_ids), what="the new photos")
        assert album(standin, reader.id)[0].edits == 2  # swapped in place: editMessageMedia

    assert "Deleting 2 delivered copies" in await reply_to(standin, admin, "/delete 1")
    for reader in readers:
        await eventually(has_album(standin, reader.id, 0), what="the album deleted")
    assert "There is no post #1." in await reply_to(standin, readers[0], "/read 1")
    assert "deleted 2" in await reply_to(standin, admin, "/stats 1")
    assert "Post #1 was already deleted." in await reply_to(standin, admin, "/edit 1 UK: Again\nBody")


async def test_a_scheduled_post_goes_out_at_its_time_across_a_restart(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person, herald_env: dict[str, str]
) -> None:
    reader = person(standin, "Una")
    await reply_to(standin, reader, "/subscribe new UK")
    await compose(standin, admin, "/post UK: Night Buses Return\nFrom Friday.")
    at = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
    answer = await reply_to(standin, admin, f"/schedule 1 {at:%Y-%m-%d %H:%M}")
    assert f"will be published on {at:%Y-%m-%d %H:%M} (UTC)" in answer
    await herald.stop()
    await herald.start()
    assert "#1 UK: Night Buses Return" in await reply_to(standin, admin, "/scheduled")  # still queued after the restart
    assert not texts(standin, reader.id)[1:]  # nothing before its time
    await make_due(herald_env["DATABASE_URL"], post_id=1)  # its time comes, without waiting for the clock
    await eventually(lambda: len(texts(standin, reader.id)) == 2, what="the scheduled post")
    assert "<b>Night Buses Return</b>" in texts(standin, reader.id)[1]
    await eventually(lambda: "Scheduled post #1" in last(standin, admin.id), what="the admin's notice")


async def make_due(database_url: str, post_id: int) -> None:
    """Move a scheduled post's time into the past, in the database the running Herald reads."""
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            await session.execute(
                update(Post).where(Post.id == post_id).values(scheduled_at=utcnow() - timedelta(seconds=1))
            )
            await session.commit()
    finally:
        await engine.dispose()


async def test_copies_too_old_to_delete_are_reported(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    fresh, stale = person(standin, "Una"), person(standin, "Olaf")
    for reader in (fresh, stale):
        await reply_to(standin, reader, "/subscribe new UK")
    await compose(standin, admin, "/post UK: Bridge Reopens\nBody.")
    await reply_to(standin, admin, "/publish")
    await eventually(lambda: len(texts(standin, stale.id)) == 2 and len(texts(standin, fresh.id)) == 2, what="copies")
    standin.world.in_chat(stale.id)[-1].message["date"] -= 3 * 24 * 3600  # delivered three days ago

    assert "Deleting 2 delivered copies" in await reply_to(standin, admin, "/delete 1")
    await eventually(lambda: "could not be deleted" in last(standin, admin.id), what="the report")
    report = last(standin, admin.id)
    assert "• Bad Request: message can't be deleted for everyone: 1" in report
    assert "Olaf" not in report and str(stale.id) not in report  # who is for /stats 1, in private
    assert len(texts(standin, fresh.id)) == 1 and len(texts(standin, stale.id)) == 2
    summary = standin.world.in_chat(admin.id)[-2].text
    assert "Post #1 deleted in" in summary and "deleted 1 · failed 1 · pending 0" in summary


async def test_two_admins_contradicting_each_other_in_one_batch_get_one_outcome(
    standin: BotApiStandIn, admin: Person, herald_env: dict[str, str], tmp_path: Path
) -> None:
    other, reader = person(standin, "Bea Admin"), person(standin, "Rita")
    herald_env["ADMINS"] = f"{admin.id},{other.id}"
    herald = HeraldProcess(standin, tmp_path, herald_env)
    await herald.start()
    try:
        await reply_to(standin, reader, "/subscribe new UK")
        await compose(standin, admin, "/post UK: Bridge Reopens\nBody.")
        before = len(texts(standin, admin.id)), len(texts(standin, other.id))
        admin.say("/publish 1")
        other.say("/cancel 1")  # pushed together: Herald gets both in one getUpdates batch
        await eventually(
            lambda: len(texts(standin, admin.id)) > before[0] and len(texts(standin, other.id)) > before[1],
            what="both answers",
        )
        published, cancelled = last(standin, admin.id), last(standin, other.id)
        if published.startswith("Published post #1"):
            assert cancelled == "Draft #1 was already published."
            await eventually(lambda: any("Bridge Reopens" in text for text in texts(standin, reader.id)), what="copy")
        else:
            assert (cancelled, published) == ("Draft #1 discarded.", "Draft #1 was already discarded.")
            await asyncio.sleep(2)  # time enough for a copy that should not exist
            assert not any("Bridge Reopens" in text for text in texts(standin, reader.id))
    finally:
        await herald.stop()
    assert "Traceback" not in herald.output(), herald.output()


def formatting(sent: Sent) -> set[tuple[str, str, str | None]]:
    """What a reader sees formatted in a message: each entity's kind, its text, and its link or language."""
    text, entities = parse_entities(sent.text)
    units = text.encode("utf-16-le")
    return {
        (
            entity["type"],
            units[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])].decode("utf-16-le"),
            entity.get("url") or entity.get("language"),
        )
        for entity in entities
    }


async def test_formatting_reaches_subscribers_and_follows_an_edit(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    reader = person(standin, "Una")
    await reply_to(standin, reader, "/subscribe new UK")
    admin.say_formatted(
        "/post UK: Bridge Reopens (16.1.2026)\n😀 The <b>old bridge</b> reopened, says "
        '<a href="https://example.org/report?a=1&amp;b=2">the report</a>.\n\n'
        '<pre><code class="language-python">if x &lt; 2:\n    print("hi")</code></pre>'
    )
    await eventually(lambda: "Draft <b>#1</b>" in last(standin, admin.id), what="the draft")
    await reply_to(standin, admin, "/scheduled")  # a round trip: the draft is committed
    await reply_to(standin, admin, "/publish 1")
    await eventually(lambda: len(texts(standin, reader.id)) == 2, what="the copy")
    copy = standin.world.in_chat(reader.id)[1]
    assert "😀 The old bridge reopened, says the report." in parse_entities(copy.text)[0]
    assert {
        ("bold", "old bridge", None),
        ("text_link", "the report", "https://example.org/report?a=1&b=2"),
        ("pre", 'if x < 2:\n    print("hi")', "python"),
    } <= formatting(copy)

    admin.say_formatted(
        '/edit 1\nUK: Bridge Reopens (16.1.2026)\nIt is <i>open</i>, <a href="https://ex.org/n">see</a>.'
    )
    await eventually(lambda: copy.edits == 1, what="the edited copy")
    assert "It is open, see." in parse_entities(copy.text)[0]
    assert {("italic", "open", None), ("text_link", "see", "https://ex.org/n")} <= formatting(copy)
    assert ("bold", "old bridge", None) not in formatting(copy) and "print" not in copy.text

    admin.send_photos(["/post UK: Harbour (17.1.2026)\nThe <u>harbour</u> <s>closes</s> reopens."], formatted=True)
    await eventually(lambda: "Draft <b>#2</b>" in last(standin, admin.id), what="the photo draft")
    await reply_to(standin, admin, "/scheduled")
    await reply_to(standin, admin, "/publish 2")
    await eventually(lambda: len(texts(standin, reader.id)) == 3, what="the photo copy")
    photo = standin.world.in_chat(reader.id)[2]
    assert photo.method == "sendPhoto" and {("underline", "harbour", None), ("strikethrough", "closes", None)} <= (
        formatting(photo)
    )
