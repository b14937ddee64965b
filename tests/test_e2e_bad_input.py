"""Bad input through the real process: one clear reply each, nothing stored or half-written."""

from tests.conftest import HeraldProcess, eventually
from tests.standin.people import Person, membership_update, person
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat
from tests.test_e2e_telegram import compose, last, reply_to


async def test_admin_mistakes_get_one_clear_reply(standin: BotApiStandIn, herald: HeraldProcess, admin: Person) -> None:
    cases = {
        "/post Bridge Reopens (16.1.2026)\nBody": "needs a region prefix, like this:\nRegion: Title (16.1.2026)",
        "/post UK: Bridge (31.2.2026)\nBody": "31.2.2026 is not a real date",
        "/publish": "There is no open draft here.",
        "/post UK: First Draft\nBody": "<b>First Draft</b>",
        "/publish 12x": "The draft id must be a number",
        "/read 999999": "There is no post #999999.",
        "/frobnicate": "I don't know the command /frobnicate. Send /help for the list.",
        "/addchannel @nowhere UK": "I can't find the chat @nowhere.",
    }
    for command, expected in cases.items():
        answer = await reply_to(standin, admin, command)
        assert expected in answer, (command, answer)
        if answer.startswith("<b>"):  # a preview: its draft notice follows before the next command is answered
            await eventually(lambda: "Draft <b>#" in last(standin, admin.id), what="the draft notice")
    await reply_to(standin, admin, "/post UK: Second Draft\nBody")
    await eventually(lambda: "It replaces draft #1, which is discarded." in last(standin, admin.id), what="notice")
    standin.world.chats[-100555] = Chat(-100555, "channel", title="Locked", bot_status="member")
    assert "I can't post in Locked: make me an admin" in await reply_to(standin, admin, "/addchannel -100555 UK")
    assert "No channels" in await reply_to(standin, admin, "/channels")


async def test_more_than_ten_photos_are_refused_and_nothing_is_added(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    admin.send_photos(["/post UK: Gallery\nTen photos."] + [None] * 9)
    await eventually(lambda: "Draft <b>#1</b> (UK, 10 photos)" in last(standin, admin.id), what="preview")
    before = len(standin.world.in_chat(admin.id))
    admin.send_photos([None])
    await eventually(lambda: len(standin.world.in_chat(admin.id)) > before, what="refusal")
    assert "at most 10 photos; this one would have 11" in last(standin, admin.id)
    assert "Published post #1. Delivering to 0 targets." in await reply_to(standin, admin, "/publish")


async def test_readers_mistakes_and_caps(standin: BotApiStandIn, herald: HeraldProcess, admin: Person) -> None:
    await compose(standin, admin, "/post UK: Bridge Reopens (16.1.2026)\nBody.")
    await reply_to(standin, admin, "/publish")
    await reply_to(standin, admin, "/scheduled")  # a round trip: the confirmation comes just before the commit
    reader = person(standin, "Rita")
    assert "There is no region called “Atlantis”. Known regions: UK." in await reply_to(
        standin, reader, "/latest Atlantis"
    )
    capped = await reply_to(standin, reader, "/latest UK 1000")
    assert "You asked for 1000; showing at most 20." in capped and "Bridge Reopens" in capped
    assert "Only Herald's admins" in await reply_to(standin, reader, "/publish")
    help_text = await reply_to(standin, reader, "/help")
    assert "/latest [REGION] [N]" in help_text and "/post" not in help_text
    assert "/alias REGION NAME" in await reply_to(standin, admin, "/help")


async def test_groups_channels_and_membership(standin: BotApiStandIn, herald: HeraldProcess, admin: Person) -> None:
    await reply_to(standin, admin, "/start")  # the admin's private chat, where reports go
    member, owner = person(standin, "Mo"), person(standin, "Olga")
    group = Chat(-200, "supergroup", title="Readers", members={member.id: "member", owner.id: "creator"})
    standin.world.chats[group.id] = group
    assert "Only this group's admins" in await reply_to(standin, member, "/subscribe UK", group)
    assert "Only Herald's admins" in await reply_to(standin, member, "/post@herald_test_bot UK: Hi", group)
    assert "This chat receives posts from: UK." in await reply_to(standin, owner, "/subscribe new UK", group)
    assert "/nosuch" not in "".join(s.text for s in standin.world.in_chat(group.id))
    member.say("/nosuch", group)  # unknown commands in groups are left to other bots
    member.say("/post UK: Hi", group)  # and so are a member's bare admin commands: other bots have a /post too
    channel = Chat(-100321, "channel", title="Wire", bot_status="administrator")
    standin.world.chats[channel.id] = channel
    post = {"message_id": 1, "date": 0, "chat": channel.public(), "text": "/post UK: Hi",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}  # fmt: skip
    standin.world.push("channel_post", post)
    standin.notify()
    await eventually(lambda: bool(standin.world.in_chat(channel.id)), what="channel refusal")
    assert "not accepted as channel posts" in standin.world.in_chat(channel.id)[0].text
    membership_update(standin, group, owner, "member", "left")
    await eventually(lambda: "was removed from group Readers" in last(standin, admin.id), what="report")
    assert "It no longer receives posts." in last(standin, admin.id)
    assert "Readers (group) – UK – inactive: removed from the chat" in await reply_to(standin, admin, "/channels")
    assert len(standin.world.in_chat(group.id)) == 3
