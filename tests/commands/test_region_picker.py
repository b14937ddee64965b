"""`/subscribe` alone: the known regions as toggle buttons on Telegram (pressed ones edit the message in place), and
as a list of commands on Matrix; presses checked like typed commands, and never acting on another chat."""

import asyncio
import copy
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from bot import texts
from bot.delivery.pacing import ChatLimits
from bot.domain.arguments import split_words
from bot.domain.models import Platform
from bot.domain.text import fill
from bot.domain.titles import region_key
from bot.services.picker import Picker, region_token
from handlers import build_catalogue
from handlers.picker import Pick, parse_pick
from handlers.picker_views import buttons_view, pick_line
from storage.models import Region
from tests.commands_harness import (
    DRAIN_SECONDS,
    MatrixHarness,
    Sessions,
    TelegramHarness,
    Where,
    Who,
    harness_on,
)
from tests.factories import ENGLISH, publish
from tests.standin.state import Sent

HEADING = fill(texts.PICK_HEADING, "/")
NOTHING = texts.PICK_RECEIVES_NOTHING
LONG_NAME = ("Ελληνικά νησιά του Αιγαίου και Ιονίου πελάγους – ") * 2  # cut to 64 characters below
CALLBACK_DATA_BYTES = 64


def rows(sent: Sent) -> list[list[str]]:
    """The keyboard's labels, row by row, as the chat sees it now."""
    markup = sent.message.get("reply_markup") or {"inline_keyboard": []}
    return [[button["text"] for button in row] for row in markup["inline_keyboard"]]


def data_of(sent: Sent | dict[str, Any], label: str) -> str:
    """The callback data of the button labelled label (under a sent message, or a copy of one)."""
    message = sent.message if isinstance(sent, Sent) else sent
    buttons = [button for row in message["reply_markup"]["inline_keyboard"] for button in row]
    return str(next(button["callback_data"] for button in buttons if button["text"] == label))


async def press(herald: TelegramHarness, who: Who, sent: Sent | dict[str, Any], label: str) -> None:
    """Press the button labelled label under the message as it reads now (or under an older copy of it)."""
    message = copy.deepcopy(sent.message if isinstance(sent, Sent) else sent)
    await herald.press(who, message, data_of(message, label))


async def open_picker(herald: TelegramHarness, who: Who = Who.READER, where: Where = Where.PRIVATE) -> Sent:
    """Send `/subscribe` alone; the picker it answers with."""
    [answer] = await herald.send("subscribe", who, where)
    assert answer.startswith(HEADING)
    return herald.standin.world.in_chat(herald.chat_of(who, where).id)[-1]


def last_toast(herald: TelegramHarness) -> tuple[str, bool]:
    answer = herald.standin.world.callback_answers[-1]
    return answer.get("text", ""), answer.get("show_alert") in (True, "true")


async def receives(herald: TelegramHarness | MatrixHarness, who: Who = Who.READER, where: Where = Where.PRIVATE) -> str:
    [answer] = await herald.send("subscriptions", who, where)
    return answer


async def publish_regions(sessions: Sessions, names: list[str]) -> None:
    for name in names:
        await publish(sessions, f"{name}: News (16.1.2026)\nBody.")


async def rename_region(sessions: Sessions, old: str, new: str) -> None:
    """Give a region a name past what a title line accepts (64 characters fit the column)."""
    async with sessions() as session:
        await session.execute(update(Region).where(Region.key == region_key(old)).values(name=new, key=region_key(new)))
        await session.commit()


# -- Telegram: buttons ----------------------------------------------------------------------------------------------


async def test_subscribe_alone_shows_the_regions_as_toggle_buttons(telegram: TelegramHarness) -> None:
    await publish_regions(telegram.sessions, ["Brazil"])
    picker = await open_picker(telegram)
    assert picker.text == f"{HEADING}\n{NOTHING}"
    assert rows(picker) == [["⬜ All regions"], ["⬜ Brazil", "⬜ UK"]]
    assert data_of(picker, "⬜ UK") == f"cmd:pick on {region_token('uk')} 1"


async def test_a_press_switches_the_region_and_edits_the_message_in_place(telegram: TelegramHarness) -> None:
    await publish_regions(telegram.sessions, ["Brazil"])
    picker = await open_picker(telegram)
    await press(telegram, Who.READER, picker, "⬜ UK")
    assert rows(picker) == [["⬜ All regions"], ["⬜ Brazil", "✅ UK"]]
    assert picker.text == f"{HEADING}\nThis chat receives posts from: UK."
    assert last_toast(telegram) == ("UK: on", False)
    await press(telegram, Who.READER, picker, "⬜ Brazil")
    assert picker.text == f"{HEADING}\nThis chat receives posts from: Brazil, UK."
    assert await receives(telegram) == "This chat receives posts from: Brazil, UK."
    await press(telegram, Who.READER, picker, "✅ UK")
    assert rows(picker) == [["⬜ All regions"], ["✅ Brazil", "⬜ UK"]] and last_toast(telegram) == ("UK: off", False)
    assert await receives(telegram) == "This chat receives posts from: Brazil."
    assert len(telegram.standin.world.in_chat(telegram.people[Who.READER].id)) == 3  # the picker and two answers


async def test_all_regions_switches_every_region(telegram: TelegramHarness) -> None:
    await publish_regions(telegram.sessions, ["Brazil"])
    picker = await open_picker(telegram)
    await press(telegram, Who.READER, picker, "⬜ All regions")
    assert rows(picker) == [["✅ All regions"], ["✅ Brazil", "✅ UK"]]
    assert picker.text == f"{HEADING}\nThis chat receives posts from: every region."
    await press(telegram, Who.READER, picker, "✅ Brazil")  # every region but Brazil: named one by one
    assert rows(picker) == [["⬜ All regions"], ["⬜ Brazil", "✅ UK"]]
    assert await receives(telegram) == "This chat receives posts from: UK."
    await press(telegram, Who.READER, picker, "⬜ All regions")
    await press(telegram, Who.READER, picker, "✅ All regions")
    assert rows(picker) == [["⬜ All regions"], ["⬜ Brazil", "⬜ UK"]] and picker.text == f"{HEADING}\n{NOTHING}"
    assert await receives(telegram) == fill(texts.RECEIVES_NOTHING, "/")


async def test_45_regions_come_in_pages_of_20(telegram: TelegramHarness) -> None:
    names = [f"Region {n:02}" for n in range(1, 45)]  # and UK: 45
    await publish_regions(telegram.sessions, names)
    picker = await open_picker(telegram)
    assert rows(picker)[0] == ["⬜ All regions"] and rows(picker)[-1] == ["1/3", "Next ›"]
    assert [label for row in rows(picker)[1:-1] for label in row] == [f"⬜ {name}" for name in names[:20]]
    await press(telegram, Who.READER, picker, "Next ›")
    assert rows(picker)[-1] == ["‹ Previous", "2/3", "Next ›"] and rows(picker)[1] == ["⬜ Region 21", "⬜ Region 22"]
    edits = picker.edits
    await press(telegram, Who.READER, picker, "2/3")  # shows the page afresh: here nothing changed, so no edit
    assert picker.edits == edits and last_toast(telegram) == ("", False)
    await press(telegram, Who.READER, picker, "Next ›")
    assert [label for row in rows(picker)[1:] for label in row] == [
        *(f"⬜ {name}" for name in names[40:]), "⬜ UK", "‹ Previous", "3/3"
    ]  # fmt: skip
    await press(telegram, Who.READER, picker, "⬜ UK")  # a switch shows its own page again
    assert rows(picker)[-2:] == [["✅ UK"], ["‹ Previous", "3/3"]]
    await press(telegram, Who.READER, picker, "‹ Previous")
    for name in names[20:32]:
        await press(telegram, Who.READER, picker, f"⬜ {name}")
    listed = ", ".join(names[20:30])
    assert picker.text == f"{HEADING}\nThis chat receives posts from: {listed} and 3 more."
    assert await receives(telegram) == f"This chat receives posts from: {', '.join([*names[20:32], 'UK'])}."


async def test_long_and_non_ascii_names_fit_the_buttons(telegram: TelegramHarness) -> None:
    long_name = LONG_NAME[:64].strip()
    await publish_regions(telegram.sessions, ["São Tomé", "Trinidad & Tobago", "Zürich-Ost", "Ελλάδα"])
    await rename_region(telegram.sessions, "Ελλάδα", long_name)
    picker = await open_picker(telegram)
    assert rows(picker)[1:] == [
        ["⬜ São Tomé"], ["⬜ Trinidad & Tobago"], ["⬜ UK", "⬜ Zürich-Ost"], [f"⬜ {long_name}"]
    ]  # fmt: skip
    buttons = [button for row in picker.message["reply_markup"]["inline_keyboard"] for button in row]
    assert all(len(button["callback_data"].encode()) <= CALLBACK_DATA_BYTES for button in buttons)
    await press(telegram, Who.READER, picker, f"⬜ {long_name}")
    await press(telegram, Who.READER, picker, "⬜ São Tomé")
    await press(telegram, Who.READER, picker, "⬜ Trinidad & Tobago")
    assert picker.text.endswith(f"São Tomé, Trinidad &amp; Tobago, {long_name}.")  # HTML, as Telegram parsed it
    assert await receives(telegram) == f"This chat receives posts from: São Tomé, Trinidad &amp; Tobago, {long_name}."


async def test_a_region_waiting_for_its_first_post_can_be_switched_off(telegram: TelegramHarness) -> None:
    await telegram.send("subscribe new Atlantis", Who.READER)
    picker = await open_picker(telegram)
    assert rows(picker)[1:] == [["✅ Atlantis", "⬜ UK"]]
    await press(telegram, Who.READER, picker, "✅ Atlantis")
    assert rows(picker)[1:] == [["⬜ UK"]]  # it had no post: once off, it is no longer known here
    assert await receives(telegram) == fill(texts.RECEIVES_NOTHING, "/")


def test_with_no_regions_there_is_all_regions_alone() -> None:
    view = buttons_view(Picker((), None), 1, ENGLISH)
    assert view.html == f"{HEADING}\n{texts.PICK_NO_REGIONS}\n{NOTHING}"
    assert [(choice.label, choice.command) for choice in view.choices] == [("⬜ All regions", "pick on all 1")]


@given(
    st.integers(1, 10**6),
    st.one_of(st.none(), st.just("all"), st.text(alphabet="0123456789abcdef", min_size=10, max_size=10)),
    st.booleans(),
)
def test_a_button_command_fits_its_button_and_reads_back(page: int, which: str | None, on: bool) -> None:
    line = pick_line(page, which, on)
    assert len(f"cmd:{line}".encode()) <= CALLBACK_DATA_BYTES
    name, _, args = line.partition(" ")
    assert name == "pick" and parse_pick(split_words(args)) == Pick(page, which, on or which is None)


# -- Telegram: who may press, and what a press may act on --------------------------------------------------------


async def test_in_a_group_only_its_admins_can_press(telegram: TelegramHarness) -> None:
    picker = await open_picker(telegram, Who.OWNER, Where.GROUP)
    before = await telegram.stored()
    for who in (Who.READER, Who.ADMIN):  # a member, and Herald's admin who is no admin of the group
        await press(telegram, who, picker, "⬜ UK")
        assert last_toast(telegram) == (texts.CHAT_ADMINS_ONLY_GROUP, False)  # a toast: nothing failed
        assert picker.edits == 0 and rows(picker)[1:] == [["⬜ UK"]]
    assert await telegram.stored() == before
    assert len(telegram.standin.world.in_chat(telegram.group.id)) == 1
    await press(telegram, Who.OWNER, picker, "⬜ UK")
    assert rows(picker)[1:] == [["✅ UK"]] and last_toast(telegram) == ("UK: on", False)
    assert await receives(telegram, Who.READER, Where.GROUP) == "This chat receives posts from: UK."


@pytest.mark.parametrize(
    "data", ["cmd:pick off all 1", "cmd:pick on 0123456789 1", "cmd:unsubscribe all", "cmd:subscribe all", "cmd:pick 9"]
)
async def test_data_that_was_not_on_the_message_is_refused(telegram: TelegramHarness, data: str) -> None:
    picker = await open_picker(telegram, Who.OWNER, Where.GROUP)
    await press(telegram, Who.OWNER, picker, "⬜ UK")
    before = await telegram.stored()
    await telegram.press(Who.OWNER, copy.deepcopy(picker.message), data)
    assert last_toast(telegram) == ("", False) and picker.edits == 1
    assert await telegram.stored() == before


async def test_crafted_data_on_a_message_is_checked_like_typed_input(telegram: TelegramHarness) -> None:
    """Even data a message carried (which Telegram never lets a client forge) names no chat: the press acts on the
    message's own chat, and arguments beyond a picker's are refused."""
    picker = await open_picker(telegram, Who.OWNER, Where.GROUP)
    crafted = copy.deepcopy(picker.message)
    crafted["reply_markup"]["inline_keyboard"][0][0]["callback_data"] = "cmd:pick on all 1 -100200"
    before = await telegram.stored()
    await telegram.press(Who.OWNER, crafted, "cmd:pick on all 1 -100200")
    assert last_toast(telegram) == (fill(texts.PICK_STALE, "/"), True)
    assert await telegram.stored() == before

    moved = copy.deepcopy(picker.message)  # the group's buttons, as if on a message in the reader's private chat
    moved["chat"] = telegram.people[Who.READER].private.public()
    await telegram.press(Who.READER, moved, data_of(picker, "⬜ UK"))
    assert await receives(telegram) == "This chat receives posts from: UK."  # the reader's own chat
    assert await receives(telegram, Who.READER, Where.GROUP) == fill(texts.RECEIVES_NOTHING, "/")
    assert picker.edits == 0


async def test_a_button_of_an_older_version_of_the_message(telegram: TelegramHarness) -> None:
    picker = await open_picker(telegram)
    older = copy.deepcopy(picker.message)
    await press(telegram, Who.READER, picker, "⬜ UK")
    stale = data_of(older, "⬜ UK")
    await telegram.press(Who.READER, copy.deepcopy(picker.message), stale)  # as Telegram hands it: refused
    assert last_toast(telegram) == ("", False)
    await press(telegram, Who.READER, older, "⬜ UK")  # a client that still shows the older copy: UK on, as it said
    assert last_toast(telegram) == ("UK: on", False)
    assert rows(picker)[1:] == [["✅ UK"]] and picker.edits == 1  # nothing new to show, so no edit and no new message
    assert len(telegram.standin.world.in_chat(telegram.people[Who.READER].id)) == 1
    assert await receives(telegram) == "This chat receives posts from: UK."


async def test_a_button_on_a_message_too_old_to_read_points_to_subscribe(telegram: TelegramHarness) -> None:
    picker = await open_picker(telegram)
    gone = {"message_id": picker.message_id, "date": 0, "chat": picker.message["chat"]}  # InaccessibleMessage
    await telegram.press(Who.READER, gone, data_of(picker, "⬜ UK"))
    assert last_toast(telegram) == (fill(texts.PICK_STALE, "/"), True)
    assert await receives(telegram) == fill(texts.RECEIVES_NOTHING, "/")


async def test_two_presses_in_one_batch_end_in_the_truth(telegram: TelegramHarness) -> None:
    await publish_regions(telegram.sessions, ["Brazil"])
    telegram.group.members[telegram.people[Who.READER].id] = "administrator"
    picker = await open_picker(telegram, Who.OWNER, Where.GROUP)
    owner, reader = telegram.people[Who.OWNER], telegram.people[Who.READER]
    shown = copy.deepcopy(picker.message)
    batch = [
        owner.press(copy.deepcopy(shown), data_of(picker, "⬜ UK")),
        owner.press(copy.deepcopy(shown), data_of(picker, "⬜ UK")),  # a double tap
        reader.press(copy.deepcopy(shown), data_of(picker, "⬜ Brazil")),  # another admin at the same time
    ]
    await asyncio.gather(*(telegram.feed(update) for update in batch))
    await telegram.lanes.drain(DRAIN_SECONDS)
    assert rows(picker) == [["⬜ All regions"], ["✅ Brazil", "✅ UK"]]
    assert picker.text == f"{HEADING}\nThis chat receives posts from: Brazil, UK."
    assert await receives(telegram, Who.OWNER, Where.GROUP) == "This chat receives posts from: Brazil, UK."
    assert len(telegram.standin.world.in_chat(telegram.group.id)) == 2  # the picker and that answer


async def test_pick_is_no_command_of_help_or_the_menus(telegram: TelegramHarness) -> None:
    [help_text] = await telegram.send("help", Who.ADMIN)
    assert "/pick" not in help_text
    assert "pick" not in [command.name for command in build_catalogue().listed()]
    assert await telegram.send("pick", Who.READER, Where.GROUP) == []  # a bare one in a group is another bot's
    [typed] = await telegram.send("pick on Brazil", Who.READER)
    assert typed == fill(texts.PICK_STALE, "/")


# -- Matrix: a list of commands ---------------------------------------------------------------------------------


@pytest.fixture
async def matrix(sessions: Sessions) -> AsyncIterator[MatrixHarness]:
    async with harness_on(Platform.MATRIX, sessions) as harness:
        assert isinstance(harness, MatrixHarness)
        yield harness


async def test_on_matrix_subscribe_alone_lists_the_commands(matrix: MatrixHarness) -> None:
    await publish_regions(matrix.sessions, ["Brazil", "North Island"])
    await matrix.send("subscribe UK", Who.READER)
    [listing] = await matrix.send("subscribe", Who.READER)
    assert listing.split("\n") == [
        fill(texts.PICK_HEADING_LIST, "!"),
        "⬜ Brazil – !subscribe Brazil",
        '⬜ North Island – !subscribe "North Island"',
        "✅ UK – !unsubscribe UK",
        "⬜ All regions – !subscribe all",
        "This chat receives posts from: UK.",
    ]
    await matrix.send('subscribe "North Island"', Who.READER)
    await matrix.send("subscribe all", Who.READER)
    [every] = await matrix.send("subscribe", Who.READER)
    assert every.split("\n")[1:] == [
        "✅ Brazil – !unsubscribe Brazil", '✅ North Island – !unsubscribe "North Island"', "✅ UK – !unsubscribe UK",
        "✅ All regions – !unsubscribe all", "This chat receives posts from: every region.",
    ]  # fmt: skip
    await matrix.send("unsubscribe Brazil", Who.READER)  # under all regions: the others, by name
    assert await receives(matrix) == "This chat receives posts from: North Island, UK."


async def test_on_matrix_a_room_lists_them_for_its_moderators(matrix: MatrixHarness) -> None:
    assert await matrix.send("subscribe", Who.READER, Where.GROUP) == [texts.CHAT_ADMINS_ONLY_ROOM]
    [listing] = await matrix.send("subscribe", Who.OWNER, Where.GROUP)
    assert "⬜ UK – !subscribe UK" in listing.split("\n")


async def test_quick_presses_are_answered_at_once_while_the_edits_keep_their_pace(telegram: TelegramHarness) -> None:
    names = ["Brazil", "Chile", "Peru", "Cuba"]
    await publish_regions(telegram.sessions, names)
    picker = await open_picker(telegram)
    shown, reader = copy.deepcopy(picker.message), telegram.people[Who.READER]
    telegram.pacer.limits = ChatLimits()  # production's: a private chat takes about one message a second
    answers = len(telegram.standin.world.callback_answers)
    presses = [reader.press(copy.deepcopy(shown), data_of(picker, f"⬜ {name}")) for name in [*names, "UK"]]
    await asyncio.gather(*(telegram.feed(update) for update in presses))
    for _ in range(100):  # the spinners stop within a second, though a private chat takes about one edit a second
        if len(telegram.standin.world.callback_answers) == answers + len(presses):
            break
        await asyncio.sleep(0.01)
    assert len(telegram.standin.world.callback_answers) == answers + len(presses) and picker.edits < len(presses)
    await telegram.lanes.drain(DRAIN_SECONDS)
    assert rows(picker)[1:] == [["✅ Brazil", "✅ Chile"], ["✅ Cuba", "✅ Peru"], ["✅ UK"]]
