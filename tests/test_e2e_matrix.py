"""The real `herald run` on a real Synapse and the Bot API stand-in at once, driven as people would."""

import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mautrix.api import Method
from mautrix.api import Path as ApiPath

from tests.conftest import HeraldProcess, eventually
from tests.matrix_people import MatrixPerson, body_of, eventually_async, matrix_settings, reply_in, wait_joined
from tests.standin.people import Person
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat
from tests.synapse import MatrixUser, Synapse
from tests.test_e2e_telegram import last, reply_to

BODY = "The old bridge reopened on Friday after two years of repairs & repainting.\n\nBuses return on Monday."
JPEG = b"\xff\xd8\xff\xe0 a photo of the bridge"


@dataclass
class MatrixWorld:
    """Herald's account, an admin with an admin room, and readers with rooms of their own."""

    bot: MatrixUser
    ada: MatrixPerson  # a Herald admin
    una: MatrixPerson  # moderates the UK room
    bruno: MatrixPerson  # moderates the Brazil room
    mo: MatrixPerson  # a member of the UK room with power level 0
    admin_room: str
    uk_room: str
    brazil_room: str
    herald: HeraldProcess

    async def bot_events(self, who: MatrixPerson, room: str) -> list[dict[str, Any]]:
        return await who.events(room, self.bot.user_id)


@pytest.fixture
async def world(
    synapse: Synapse,
    register: Callable[[str], MatrixUser],
    standin: BotApiStandIn,
    admin: Person,
    herald_env: dict[str, str],
    tmp_path: Path,
) -> AsyncIterator[MatrixWorld]:
    bot = register("herald")
    ada, una, bruno, mo = (MatrixPerson(synapse, register(name)) for name in ("ada", "una", "bruno", "mo"))
    admin_room = await ada.create_room("Newsroom", [bot.user_id])
    uk_room = await una.create_room("UK readers", [bot.user_id, mo.user_id])
    await mo.join(uk_room)
    brazil_room = await bruno.create_room("Brazil readers", [bot.user_id])
    herald_env.update(matrix_settings(synapse, bot, ADMINS=f"{admin.id},{ada.user_id}", ADMIN_CHATS=admin_room))
    herald = HeraldProcess(standin, tmp_path, herald_env)
    await herald.start()
    for person, room in [(ada, admin_room), (una, uk_room), (bruno, brazil_room)]:
        await wait_joined(person, room, bot.user_id)
    joined = "Herald joined room"  # each join is reported to the admin room: let them arrive before any command
    await wait_for(ada, admin_room, bot.user_id, lambda events: sum(joined in body_of(e) for e in events) == 3)
    yield MatrixWorld(bot, ada, una, bruno, mo, admin_room, uk_room, brazil_room, herald)
    await herald.stop()
    for person in (ada, una, bruno, mo):
        await person.close()
    output = herald.output()
    assert "Traceback" not in output, output
    assert bot.access_token not in output and standin.token not in output, "a secret reached the log"


async def wait_for(
    who: MatrixPerson, room: str, sender: str, check: Callable[[list[dict[str, Any]]], bool]
) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []

    async def refresh() -> None:
        events[:] = await who.events(room, sender)

    await eventually_async(refresh, lambda: check(events), what=f"events in {room}")
    return events


def posts(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["content"].get("msgtype") in ("m.text", "m.image")]


async def test_admin_composes_on_matrix_and_every_matching_target_gets_it(
    world: MatrixWorld, standin: BotApiStandIn, admin: Person
) -> None:
    bot, ada, una = world.bot.user_id, world.ada, world.una
    assert "posts from: UK" in await reply_in(una, world.uk_room, bot, "!subscribe new UK")
    answer = (await world.bot_events(una, world.uk_room))[-1]["content"]
    assert answer["msgtype"] == "m.notice" and answer["format"] == "org.matrix.custom.html"  # as bots answer
    assert "posts from: Brazil" in await reply_in(world.bruno, world.brazil_room, bot, "!subscribe new Brazil")
    refused = await reply_in(world.mo, world.uk_room, bot, "!subscribe all")
    assert "power level 50" in refused
    channel = Chat(-100777, "channel", title="UK News", username="uknews", bot_status="administrator")
    standin.world.chats[channel.id] = channel
    assert "Registered" in await reply_to(standin, admin, "/addchannel @uknews UK")

    preview = await reply_in(ada, world.admin_room, bot, f"!post UK: Bridge Reopens (16.1.2026)\n{BODY}")
    assert preview.startswith("<b>Bridge Reopens</b>\n16 January 2026 · #UK")
    assert "Read the full post: !read 1" in preview
    await wait_for(ada, world.admin_room, bot, lambda events: "!publish or !cancel" in body_of(events[-1]))
    await ada.send_image(world.admin_room, JPEG, caption="Photo: Ann Lee")
    await wait_for(ada, world.admin_room, bot, lambda events: "(UK, 1 photo)" in body_of(events[-1]))
    assert "Delivering to 2 targets" in await reply_in(ada, world.admin_room, bot, "!publish")

    copy = posts(await wait_for(una, world.uk_room, bot, lambda events: len(posts(events)) == 2))
    image, text = copy
    assert image["content"]["msgtype"] == "m.image" and await una.download(image["content"]["url"]) == JPEG
    html = text["content"]["formatted_body"]
    assert html.startswith("<b>Bridge Reopens</b><br>16 January 2026 · #UK<br><br>") and "📷 Photo: Ann Lee" in html
    assert text["content"]["format"] == "org.matrix.custom.html" and "<b>" not in text["content"]["body"]
    await eventually(lambda: bool(standin.world.in_chat(channel.id)), what="the Telegram channel's copy")
    sent = standin.world.in_chat(channel.id)[0]
    assert "Bridge Reopens" in sent.text and standin.world.files[sent.message["photo"][-1]["file_id"]] == JPEG
    stats = await wait_for(ada, world.admin_room, bot, lambda events: "sent 2" in body_of(events[-1]))
    assert "failed 0" in body_of(stats[-1])
    assert posts(await world.bot_events(world.bruno, world.brazil_room)) == []  # Brazil's filter does not match

    latest = await reply_in(una, world.uk_room, bot, "!latest UK")
    assert "Bridge Reopens" in latest and "!read 1" in latest
    telegram_latest = await reply_to(standin, admin, "/latest UK")
    assert latest.replace("!read", "/read") == telegram_latest


async def uk_room_and_channel(world: MatrixWorld, standin: BotApiStandIn, admin: Person) -> Chat:
    """Una's Matrix room follows UK, and so does a Telegram channel an admin registers; the channel."""
    await reply_in(world.una, world.uk_room, world.bot.user_id, "!subscribe new UK")
    fan = Chat(-100555, "channel", title="UK Fans", username="ukfans", bot_status="administrator")
    standin.world.chats[fan.id] = fan
    await reply_to(standin, admin, "/addchannel @ukfans UK")
    return fan


async def test_edit_and_delete_reach_matrix_and_telegram_copies(
    world: MatrixWorld, standin: BotApiStandIn, admin: Person
) -> None:
    bot, ada, una = world.bot.user_id, world.ada, world.una
    fan = await uk_room_and_channel(world, standin, admin)
    await reply_in(ada, world.admin_room, bot, "!post UK: Bridge Reopens\nBody.")
    await reply_in(ada, world.admin_room, bot, "!publish")
    copy = posts(await wait_for(una, world.uk_room, bot, lambda events: len(posts(events)) == 1))
    await eventually(lambda: bool(standin.world.in_chat(fan.id)), what="the channel's copy")

    edited = await reply_in(ada, world.admin_room, bot, "!edit 1\nUK: Bridge Closes Again\nNew body.")
    assert "Editing 2 delivered copies" in edited

    def replaced(events: list[dict[str, Any]]) -> bool:
        return any(
            e["content"].get("m.relates_to", {}).get("event_id") == copy[0]["event_id"]
            and "Bridge Closes Again" in e["content"]["m.new_content"]["formatted_body"]
            for e in events
        )

    await wait_for(una, world.uk_room, bot, replaced)
    await eventually(lambda: "Bridge Closes Again" in standin.world.in_chat(fan.id)[0].text, what="the edit")

    assert "Deleting 2 delivered copies" in await reply_in(ada, world.admin_room, bot, "!delete 1")

    def redacted(events: list[dict[str, Any]]) -> bool:  # clients hide a redacted event's edits with it
        original = next(e for e in events if e["event_id"] == copy[0]["event_id"])
        return not original["content"] and "redacted_because" in original.get("unsigned", {})

    await wait_for(una, world.uk_room, bot, redacted)
    await eventually(lambda: not standin.world.in_chat(fan.id), what="the channel's copy deleted")


async def test_a_post_composed_on_telegram_reaches_matrix_rooms_with_its_photo(
    world: MatrixWorld, standin: BotApiStandIn, admin: Person
) -> None:
    bot = world.bot.user_id
    await reply_in(world.una, world.uk_room, bot, "!subscribe new UK")
    await reply_in(world.bruno, world.brazil_room, bot, "!subscribe all")
    admin.send_photos(["/post UK: Harbour Opens\nShips return.\nPhoto: Port Office"])
    await eventually(lambda: "Draft <b>#1</b>" in last(standin, admin.id), what="the draft")
    await reply_to(standin, admin, "/scheduled")  # a round trip: the draft is committed
    await reply_to(standin, admin, "/publish")
    uk = posts(await wait_for(world.una, world.uk_room, bot, lambda events: len(posts(events)) == 2))
    everything = posts(await wait_for(world.bruno, world.brazil_room, bot, lambda events: len(posts(events)) == 2))
    photo_id = next(iter(standin.world.files))
    assert uk[0]["content"]["url"] == everything[0]["content"]["url"]  # uploaded once, reused for every room
    assert await world.una.download(uk[0]["content"]["url"]) == standin.world.files[photo_id]
    assert "<br>📷 Photo: Port Office<br>" in uk[1]["content"]["formatted_body"]


async def test_a_restart_answers_no_old_command_twice(world: MatrixWorld) -> None:
    bot, una, room = world.bot.user_id, world.una, world.uk_room
    await reply_in(una, room, bot, "!regions")
    await reply_in(una, room, bot, "!subscriptions")
    world.herald.kill(signal.SIGKILL)
    await world.herald.start()
    await una.say(room, "!help")  # sent while Herald starts: answered once it syncs
    await wait_for(una, room, bot, lambda events: len(events) == 3)
    assert "receives nothing yet" in await reply_in(una, room, bot, "!subscriptions")
    answers = [body_of(e) for e in await world.bot_events(una, room)]
    assert len(answers) == 4, answers
    assert sum("No posts have been published" in answer for answer in answers) == 1
    assert sum("<b>Herald</b> publishes" in answer for answer in answers) == 1


async def test_mistakes_on_matrix_get_one_clear_answer_and_store_nothing(world: MatrixWorld) -> None:
    bot, ada, room = world.bot.user_id, world.ada, world.admin_room
    for command, expected in [
        ("!post", "Write the post after the command:\n!post Region: Title (16.1.2026)"),
        ("!post Bridge Reopens (16.1.2026)\nBody", "needs a region prefix, like this:\nRegion: Title (16.1.2026)"),
        ("!publish", "There is no open draft here"),
        ("!read abc", "The post id must be a number, not “abc”."),
        ("!read 99", "There is no post #99"),
        ("!edit 1", "Usage: !edit ID"),
        ('!subscribe "United Kingdom', "A quote is not closed"),
        ("!frobnicate", "I don't know the command !frobnicate. Send !help for the list."),
        ("!addchannel #nowhere:herald.test UK", "I can't find the room #nowhere:herald.test."),
        ("!addchannel @uknews UK", "@uknews is a Telegram chat: register it from Telegram"),
    ]:
        answer = await reply_in(ada, room, bot, command)
        assert expected in answer, (command, answer)
    await world.una.say(world.uk_room, "!post UK: Sneaky\nBody.")  # in a shared room, a reader's admin command
    await world.mo.say(world.uk_room, "!publish")  # may be another bot's: no answer, nothing done
    assert "!latest [REGION] [N]" in await reply_in(world.una, world.uk_room, bot, "!help")
    assert "No posts have been published" in await reply_in(ada, room, bot, "!regions")  # nothing was stored
    await world.mo.say(world.uk_room, "!nosuch")  # in a shared room another bot may own `!nosuch`: no answer
    assert "receives nothing yet" in await reply_in(world.mo, world.uk_room, bot, "!subscriptions")
    answers = [body_of(e) for e in await world.bot_events(world.mo, world.uk_room)]
    assert not any("nosuch" in answer or "Only Herald's admins" in answer for answer in answers), answers


async def test_a_revoked_matrix_token_stops_herald_with_one_clear_line(world: MatrixWorld, synapse: Synapse) -> None:
    account = MatrixPerson(synapse, world.bot)  # the bot's own token, logged out by its owner
    await account.client.api.request(Method.POST, ApiPath.v3.logout)
    await account.close()
    await eventually(lambda: not world.herald.alive, seconds=60, what="Herald to stop")
    assert world.herald.process is not None and world.herald.process.returncode == 2
    assert "the homeserver no longer accepts MATRIX_ACCESS_TOKEN" in world.herald.output()


async def test_formatting_reaches_matrix_and_telegram_and_follows_an_edit(
    world: MatrixWorld, standin: BotApiStandIn, admin: Person
) -> None:
    bot, ada, una = world.bot.user_id, world.ada, world.una
    fan = await uk_room_and_channel(world, standin, admin)
    link = '<a href="https://example.org/report?a=1&amp;b=2">the report</a>'
    code = '<pre><code class="language-python">if x &lt; 2:\n    print("hi")</code></pre>'
    await ada.say_formatted(
        world.admin_room, f"!post UK: Bridge Reopens\nThe <b>old bridge</b> is open, {link}.\n\n{code}"
    )
    await wait_for(ada, world.admin_room, bot, lambda events: "!publish or !cancel" in body_of(events[-1]))
    await reply_in(ada, world.admin_room, bot, "!publish")

    text = posts(await wait_for(una, world.uk_room, bot, lambda events: len(posts(events)) == 1))[0]["content"]
    assert f"The <b>old bridge</b> is open, {link}.<br><br>{code}" in text["formatted_body"]  # no <br> in the code
    assert "The old bridge is open, the report (https://example.org/report?a=1&b=2)." in text["body"]
    await eventually(lambda: bool(standin.world.in_chat(fan.id)), what="the Telegram channel's copy")
    assert f"The <b>old bridge</b> is open, {link}.\n\n{code}" in standin.world.in_chat(fan.id)[0].text

    await ada.say_formatted(
        world.admin_room, "!edit 1\nUK: Bridge Reopens\nIt is <i>open</i> <span data-mx-spoiler>now</span>."
    )

    def edited(events: list[dict[str, Any]]) -> bool:
        return any("<i>open</i>" in e["content"].get("m.new_content", {}).get("formatted_body", "") for e in events)

    events = await wait_for(una, world.uk_room, bot, edited)
    new = next(e["content"]["m.new_content"]["formatted_body"] for e in events if edited([e]))
    assert "It is <i>open</i> <span data-mx-spoiler>now</span>." in new and "<b>old bridge</b>" not in new
    channel_copy = standin.world.in_chat(fan.id)[0]
    await eventually(lambda: "<i>open</i>" in channel_copy.text, what="the channel's copy edited")
    assert "It is <i>open</i> <tg-spoiler>now</tg-spoiler>." in channel_copy.text
