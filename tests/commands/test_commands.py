"""Every command of the catalogue, on Telegram and on Matrix, as admins and as everyone else sees it."""

import asyncio
import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from bot import texts
from bot.commands.model import Audience
from bot.domain.models import Platform
from bot.domain.render import TEXT_LIMIT
from bot.domain.text import fill, utf16_len, visible_text
from bot.services.picker import region_token
from handlers import build_catalogue
from tests.commands_harness import (
    STORM,
    CommitFails,
    Harness,
    TelegramHarness,
    Where,
    Who,
    admins_only,
)
from tests.standin.server import ApiError

CATALOGUE = build_catalogue()


@dataclass(frozen=True)
class Case:
    """What an admin sees after a command alone and after it with typical arguments (fragments; `{p}` is the
    platform's prefix, `{channel}` a chat Herald may post in); `before` is sent first, by the same person."""

    bare: str
    args: str
    answer: str
    before: tuple[str, ...] = ()
    replies: int = 1  # messages the typical answer takes


HELP = "<b>Herald</b> publishes regional news."
CASES = {
    "start": Case(HELP, "hello", HELP),
    "help": Case(HELP, "post", HELP),
    "regions": Case("<b>Regions</b>\nUK – 1 post", "UK", "UK – 1 post"),
    "latest": Case(
        "16 January 2026 – UK: Bridge Reopens – {p}read 1",
        "UK 3",
        "<b>Latest posts in UK</b>\n16 January 2026 – Bridge Reopens",
    ),
    "read": Case("Which post? Send {p}read ID, for example {p}read 42.", "1", "The old bridge reopened on Friday."),
    "subscribe": Case("<b>Regions for this chat</b>", "UK", "This chat receives posts from: UK."),
    "pick": Case("<b>Regions for this chat</b>", f"on {region_token('uk')}", "This chat receives posts from: UK."),
    "unsubscribe": Case(
        "Name at least one region, or all.",
        "UK",
        "This chat receives posts from: Brazil.",
        ("subscribe new UK Brazil",),
    ),
    "subscriptions": Case(
        "This chat receives nothing yet. Try {p}subscribe UK, or {p}subscribe all.",
        "",
        "This chat receives posts from: every region.",
        ("subscribe all",),
    ),
    "language": Case(
        "Herald speaks English in this chat.\nTo change it, send one of these:\n{p}language en – English\n"
        "{p}language ru – Русский",
        "ru",
        "Готово: теперь язык Herald в этом чате — русский.",
    ),
    "post": Case(
        "Write the post after the command:\n{p}post Region: Title (16.1.2026)",
        STORM.removeprefix("post "),
        "Draft <b>#2</b> (UK, 0 photos)",
        replies=2,
    ),
    "publish": Case(
        "There is no open draft here. Start one with {p}post Region: Title.",
        "2",
        "Published post #2. Delivering to 0 targets.",
        (STORM,),
    ),
    "cancel": Case("There is no open draft here.", "2", "Draft #2 discarded.", (STORM,)),
    "edit": Case(
        "Usage: {p}edit ID, then the new title line and body:\n{p}edit 42",
        "1\nUK: Bridge Reopens Again (16.1.2026)\nOpen to cyclists too.",
        "Post #1 edited. Editing 0 delivered copies.",
    ),
    "delete": Case("Usage: {p}delete ID", "1", "Post #1 deleted. Deleting 0 delivered copies."),
    "schedule": Case(
        "Usage: {p}schedule ID yyyy-mm-dd HH:MM, for example {p}schedule 12 2026-01-16 09:30",
        "2 2099-01-16 09:30",
        "Post #2 <b>Storm Warning</b> will be published on 2099-01-16 09:30 (UTC).",
        (STORM,),
    ),
    "scheduled": Case(
        "Nothing is scheduled. Use {p}schedule ID yyyy-mm-dd HH:MM.",
        "",
        "<b>Scheduled</b>\n2099-01-16 09:30 (UTC) – #2 UK: Storm Warning",
        (STORM, "schedule 2 2099-01-16 09:30"),
    ),
    "addchannel": Case("Usage: {p}addchannel ", "{channel} UK", "Registered: <code>"),
    "removechannel": Case(
        "Usage: {p}removechannel TARGET (see {p}channels).",
        "{channel}",
        "Removed: <code>",
        ("addchannel {channel} UK",),
    ),
    "channels": Case(
        "No channels or groups are registered. Add one with {p}addchannel",
        "",
        "<b>Channels and groups</b>\n<code>",
        ("addchannel {channel} UK",),
    ),
    "alias": Case(
        'Usage: {p}alias REGION NAME, for example {p}alias UK "United Kingdom".',
        'UK "United Kingdom"',
        "“United Kingdom” now means UK.",
    ),
    "unalias": Case("Usage: {p}unalias NAME", "Britain", "“Britain” is no longer an alias.", ("alias UK Britain",)),
    "aliases": Case(
        'No aliases yet. Add one with {p}alias UK "United Kingdom".',
        "",
        "<b>Aliases</b>\nUK: Britain",
        ("alias UK Britain",),
    ),
    "stats": Case("<b>All posts</b>\nsent 0 · pending 0", "1", "<b>Post #1 Bridge Reopens</b>"),
}


def expected(harness: Harness, template: str) -> str:
    return template.replace("{p}", harness.prefix).replace("{channel}", harness.channel)


def misnamed(sent: Iterable[str], platform: Platform) -> list[str]:
    """Texts naming a command with the other platform's prefix (`/post` on Matrix, `!post` on Telegram)."""
    wrong = "/" if platform == Platform.MATRIX else "!"
    names = "|".join(sorted(CATALOGUE.commands, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w/!]){re.escape(wrong)}({names})\b")
    return [text for text in sent if pattern.search(text)]


async def run_lines(harness: Harness, lines: Iterable[str], who: Who) -> None:
    for line in lines:
        await harness.send(expected(harness, line), who)


def test_every_catalogue_command_has_a_case() -> None:
    assert set(CASES) == set(CATALOGUE.commands)


@pytest.mark.parametrize("name", list(CATALOGUE.commands))
async def test_command_as_admin_and_as_anyone(herald: Harness, name: str) -> None:
    case, command = CASES[name], CATALOGUE.commands[name]
    typical = f"{name} {expected(herald, case.args)}".strip()
    if command.audience == Audience.HERALD_ADMINS:
        before = await herald.stored()
        assert await herald.send(name, Who.READER) == [admins_only(herald)]
        assert await herald.send(typical, Who.READER) == [admins_only(herald)]
        assert await herald.stored() == before, "a refused command stored something"
    else:  # everyone may run it, and a private chat is the reader's own to manage
        assert expected(herald, case.bare) in "\n".join(await herald.send(name, Who.READER))
        await run_lines(herald, case.before, Who.READER)
        assert expected(herald, case.answer) in "\n".join(await herald.send(typical, Who.READER))

    bare = await herald.send(name)
    assert len(bare) == 1 and expected(herald, case.bare) in bare[0], bare
    await run_lines(herald, case.before, Who.ADMIN)
    answer = await herald.send(typical)
    assert len(answer) == case.replies and expected(herald, case.answer) in answer[-1], answer
    assert not misnamed(herald.seen(Who.ADMIN, Where.PRIVATE) + herald.seen(Who.READER, Where.PRIVATE), herald.platform)


async def test_help_lists_admin_commands_to_admins_only(herald: Harness) -> None:
    [admin], [reader] = await herald.send("help", Who.ADMIN), await herald.send("help", Who.READER)
    p = herald.prefix
    assert f"{p}subscribe REGION … | all – get new posts of these regions here" in reader
    assert texts.HELP_ADMIN_HEADING not in reader and f"{p}post" not in reader
    assert texts.HELP_ADMIN_HEADING in admin
    for command in CATALOGUE.listed():
        assert f"{p}{command.usage} – {command.help}" in admin
    assert f"{p}pick" not in admin  # run by buttons only


async def test_subscribe_in_a_group_is_for_its_admins(herald: Harness) -> None:
    refusal = texts.CHAT_ADMINS_ONLY_ROOM if herald.platform == Platform.MATRIX else texts.CHAT_ADMINS_ONLY_GROUP
    before = await herald.stored()
    assert await herald.send("subscribe UK", Who.READER, Where.GROUP) == [refusal]
    assert await herald.send("subscribe UK", Who.ADMIN, Where.GROUP) == [refusal]  # Herald's admin, not the group's
    assert await herald.send("unsubscribe UK", Who.READER, Where.GROUP) == [refusal]
    assert await herald.stored() == before
    assert await herald.send("subscribe UK", Who.OWNER, Where.GROUP) == ["This chat receives posts from: UK."]
    assert await herald.send("subscriptions", Who.READER, Where.GROUP) == ["This chat receives posts from: UK."]


async def test_admin_commands_are_refused_in_a_group_that_is_no_admin_chat(herald: Harness) -> None:
    before = await herald.stored()
    assert await herald.send(STORM, Who.ADMIN, Where.GROUP) == [admins_only(herald)]
    assert await herald.stored() == before


async def test_post_shows_the_preview_then_the_draft_with_its_choices(herald: Harness) -> None:
    preview, notice = await herald.send(STORM)
    assert preview.startswith("<b>Storm Warning</b>") and "Rain all week." in preview and "#UK" in preview
    p, media = herald.prefix, texts.MEDIA[herald.platform.value]
    assert notice == (
        "Draft <b>#2</b> (UK, 0 photos): above is what subscribers will receive, Herald's own words in each chat's "
        f"language. Send {media} to add them, then {p}publish or {p}cancel."
    )
    replaced = notice.replace("#2", "#3") + "\nIt replaces draft #2, which is discarded."
    assert await herald.send(STORM) == [preview.replace("read 2", "read 3"), replaced]


async def test_unknown_command_is_answered_in_private_and_ignored_in_a_group(herald: Harness) -> None:
    p = herald.prefix
    answer = f"I don't know the command {p}frobnicate. Send {p}help for the list."
    assert await herald.send("frobnicate now", Who.READER) == [answer]
    assert await herald.send("frobnicate now", Who.READER, Where.GROUP) == []
    assert await herald.send("frobnicate", Who.OWNER, Where.GROUP) == []


async def test_read_of_a_long_post_is_split_at_paragraphs(herald: Harness) -> None:
    paragraphs = [f"Paragraph {n}. " + "Words follow here. " * 60 for n in range(12)]
    await herald.send("post Canada: Early Snow (8.1.2026)\n" + "\n\n".join(paragraphs))
    await herald.send("publish 2")
    parts = await herald.send("read 2", Who.READER)
    assert len(parts) > 1 and all(len(part) <= 4096 for part in parts)
    assert parts[0].startswith("<b>Early Snow</b>")
    joined = "\n\n".join(parts)
    assert all(paragraph.strip() in joined for paragraph in paragraphs)
    places = [joined.index(f"Paragraph {n}.") for n in range(12)]
    assert places == sorted(places)


ERRORS = [
    ("read abc", "The post id must be a number, not “abc”."),
    ("read 99", "There is no post #99. Send {p}latest to see recent posts."),
    ("latest 0", "Ask for at least one post (up to 20)."),
    ('subscribe "United Kingdom', 'A quote is not closed. Example: {p}subscribe "United Kingdom" Brazil'),
    ("publish 99", "There is no draft #99."),
    ("publish 1", "Draft #1 was already published."),
    ("post UK Storm", "The title line needs a region prefix"),
    ("edit 1", "Usage: {p}edit ID"),
    ("delete 1 2", "Usage: {p}delete ID"),
    ("schedule 1 2001-01-01 09:00", "2001-01-01 09:00 has already passed (UTC). Pick a later time."),
    ("schedule 1 tomorrow 09:00", "“tomorrow” is not a date. Usage: {p}schedule ID"),
    ("removechannel {channel}", "is not registered. Send {p}channels for the list."),
    ("unalias Narnia", "“Narnia” is not an alias. Send {p}aliases for the list."),
    ("alias Narnia Wardrobe", "There is no region called “Narnia” yet"),
    ("stats x", "The post id must be a number, not “x”."),
]


async def test_a_target_that_is_no_chat_is_named_back_as_typed(herald: Harness) -> None:
    """The target is the person's own text: it comes back escaped, and braces in it are no template fields."""
    before = await herald.stored()
    for target in ("<b>news</b>", "{news}", "#nowhere:example.org"):
        [answer] = await herald.send(f"addchannel {target} UK")
        assert fill("{target}", herald.prefix, target=target) in answer and answer != texts.SOMETHING_WENT_WRONG
    assert await herald.stored() == before


async def test_errors_say_what_to_type_the_platform_way(herald: Harness) -> None:
    answers = {line: await herald.send(expected(herald, line)) for line, _ in ERRORS}
    for line, error in ERRORS:
        assert len(answers[line]) == 1 and expected(herald, error) in answers[line][0], (line, answers[line])
    assert not misnamed(herald.seen(Who.ADMIN, Where.PRIVATE), herald.platform)


async def test_every_text_names_commands_the_platform_way(herald: Harness) -> None:
    """All the catalogue's answers in one chat: help, usage lines, errors and confirmations."""
    for name, case in CASES.items():
        await herald.send(name)
        await run_lines(herald, case.before, Who.ADMIN)
        await herald.send(f"{name} {expected(herald, case.args)}".strip())
    await herald.send("help", Who.READER)
    seen = herald.seen(Who.ADMIN, Where.PRIVATE) + herald.seen(Who.READER, Where.PRIVATE)
    assert len(seen) > 2 * len(CASES)
    assert not misnamed(seen, herald.platform)
    other_prefix = "!" if herald.platform == Platform.TELEGRAM else "/"
    assert misnamed([f"Send {other_prefix}publish"], herald.platform)  # the check itself can fail


async def test_a_failed_commit_gives_one_error_and_stores_nothing(
    herald: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await herald.stored()
    monkeypatch.setattr(herald.runner, "units", CommitFails(herald.sessions))
    assert await herald.send("subscribe UK", Who.READER) == [texts.SOMETHING_WENT_WRONG]
    assert await herald.send(STORM) == [texts.SOMETHING_WENT_WRONG]
    assert await herald.stored() == before
    monkeypatch.undo()
    assert await herald.send("subscriptions", Who.READER) == [fill(texts.RECEIVES_NOTHING, herald.prefix)]


# -- Telegram only: buttons, a refused reply, and updates handled concurrently --------------------------------


class FailOnce:
    """The stand-in answers the first call of method with error."""

    def __init__(self, method: str, error: ApiError) -> None:
        self.method = method
        self.error: ApiError | None = error

    def __call__(self, method: str, params: dict[str, object]) -> ApiError | None:
        if method != self.method or self.error is None:
            return None
        error, self.error = self.error, None
        return error


async def test_the_publish_button_edits_the_draft_message_in_place(telegram: TelegramHarness) -> None:
    await telegram.send(STORM)
    chat = telegram.standin.world.in_chat(telegram.people[Who.ADMIN].id)
    notice = chat[-1]
    buttons = notice.message["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("✅ Publish", "cmd:publish 2"), ("✖ Cancel", "cmd:cancel 2"),
    ]  # fmt: skip
    with_buttons = copy.deepcopy(notice.message)

    await telegram.press(Who.ADMIN, with_buttons, "cmd:publish 2")
    published = "Published post #2. Delivering to 0 targets."
    assert notice.text == published and "reply_markup" not in notice.message
    assert len(telegram.standin.world.in_chat(telegram.people[Who.ADMIN].id)) == len(chat)  # no new message
    assert telegram.standin.world.callback_answers[-1]["text"] == published

    await telegram.press(Who.ADMIN, with_buttons, "cmd:publish 2")  # a second tap on a stale copy of the buttons
    answer = telegram.standin.world.callback_answers[-1]
    assert (answer["text"], answer["show_alert"]) == ("Draft #2 was already published.", "true")
    assert notice.text == published and notice.edits == 1


async def test_a_reply_refused_with_429_is_sent_once_after_the_wait(telegram: TelegramHarness) -> None:
    too_many = ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
    telegram.standin.fault = FailOnce("sendMessage", too_many)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await telegram.send("subscribe UK", Who.READER) == ["This chat receives posts from: UK."]
    assert loop.time() - started >= 1.0
    reader = str(telegram.people[Who.READER].id)
    sends = [params for method, params in telegram.standin.world.calls if method == "sendMessage"]
    assert [str(params["chat_id"]) for params in sends] == [reader, reader]  # refused once, then sent
    assert await telegram.send("subscriptions", Who.READER) == ["This chat receives posts from: UK."]


async def test_commands_fed_concurrently_are_answered_in_arrival_order(telegram: TelegramHarness) -> None:
    reader, admin = telegram.people[Who.READER], telegram.people[Who.ADMIN]
    lines = ["/subscribe UK", "/unsubscribe UK", "/subscribe all", "/unsubscribe all", "/subscribe UK"]
    updates = [reader.say(line) for line in lines] + [admin.say("/" + STORM), admin.say("/publish")]
    await asyncio.gather(*(telegram.feed(update) for update in updates))
    await telegram.lanes.drain(10)
    receives_uk, nothing = "This chat receives posts from: UK.", fill(texts.RECEIVES_NOTHING, "/")
    every = "This chat receives posts from: every region."
    assert telegram.seen(Who.READER, Where.PRIVATE) == [receives_uk, nothing, every, nothing, receives_uk]
    preview, draft, published = telegram.seen(Who.ADMIN, Where.PRIVATE)
    assert preview.startswith("<b>Storm Warning</b>") and draft.startswith("Draft <b>#2</b>")
    assert published.startswith("Published post #2. Delivering to")  # the reader's chat is no turn of the admin's
    assert await telegram.send("subscriptions", Who.READER) == [receives_uk]


async def test_start_with_a_deep_link_opens_the_post(telegram: TelegramHarness) -> None:
    [full] = await telegram.send("start read_1", Who.READER)
    assert full.startswith("<b>Bridge Reopens</b>") and "The old bridge reopened on Friday." in full


async def test_a_fault_while_checking_a_group_admin_is_no_refusal(telegram: TelegramHarness) -> None:
    """A 429 from getChatMember must not tell a real group admin that only admins may subscribe."""
    telegram.standin.fault = FailOnce("getChatMember", ApiError(429, "Too Many Requests: retry after 1"))
    before = await telegram.stored()
    [answer] = await telegram.send("subscribe UK", Who.OWNER, Where.GROUP)
    assert answer == fill(texts.SOMETHING_WENT_WRONG, "/")  # honest: try again, nothing was saved
    assert await telegram.stored() == before
    assert await telegram.send("subscribe UK", Who.OWNER, Where.GROUP) == ["This chat receives posts from: UK."]


async def test_a_passing_fault_while_finding_a_channel_is_no_false_answer(telegram: TelegramHarness) -> None:
    telegram.standin.fault = FailOnce("getChat", ApiError(502, "Bad Gateway"))
    [answer] = await telegram.send("addchannel @wire UK")
    assert answer == fill(texts.SOMETHING_WENT_WRONG, "/") and "can't find" not in answer


async def test_a_button_whose_message_cannot_be_edited_is_answered_anew(telegram: TelegramHarness) -> None:
    await telegram.send(STORM)
    chat = telegram.standin.world.in_chat(telegram.people[Who.ADMIN].id)
    notice = copy.deepcopy(chat[-1].message)
    telegram.standin.fault = FailOnce("editMessageText", ApiError(400, "Bad Request: message to edit not found"))
    await telegram.press(Who.ADMIN, notice, "cmd:publish 2")
    published = "Published post #2. Delivering to 0 targets."
    assert telegram.seen(Who.ADMIN, Where.PRIVATE)[-1] == published  # as a new message: the action is reported
    assert telegram.standin.world.callback_answers[-1]["text"] == published


@pytest.mark.parametrize("data", ["cmd:regions", "cmd:unsubscribe all", "cmd:publish 1"])
async def test_a_forged_button_changes_nothing_and_edits_no_message(telegram: TelegramHarness, data: str) -> None:
    """Callback data that the pressed message never carried runs nothing, whoever presses it, wherever."""
    await telegram.send("subscribe UK", Who.OWNER, Where.GROUP)
    [answer] = telegram.standin.world.in_chat(telegram.group.id)
    before = await telegram.stored()
    for who in (Who.READER, Who.ADMIN):
        await telegram.press(who, copy.deepcopy(answer.message), data)
        assert telegram.standin.world.callback_answers[-1].get("text", "") == ""  # the spinner stops, silently
    assert len(telegram.standin.world.callback_answers) == 2  # each press answered
    assert answer.edits == 0 and answer.text == "This chat receives posts from: UK."
    assert await telegram.stored() == before


async def test_a_button_command_is_read_case_blind(telegram: TelegramHarness) -> None:
    await telegram.send(STORM)
    notice = copy.deepcopy(telegram.standin.world.in_chat(telegram.people[Who.ADMIN].id)[-1].message)
    notice["reply_markup"]["inline_keyboard"][0][0]["callback_data"] = "cmd:PUBLISH 2"
    await telegram.press(Who.ADMIN, notice, "cmd:PUBLISH 2")
    assert telegram.standin.world.callback_answers[-1]["text"] == "Published post #2. Delivering to 0 targets."


async def test_a_list_longer_than_a_message_comes_in_several(herald: Harness) -> None:
    names = [f"Region{n:03}-with-a-long-name-that-fills-48-char"[:48] for n in range(100)]  # a full filter
    await herald.send(f"subscribe new {' '.join(names[:50])}", Who.READER)
    for command in (f"subscribe new {' '.join(names[50:])}", "subscriptions"):
        answers = await herald.send(command, Who.READER)
        assert len(answers) > 1 and all(utf16_len(visible_text(answer)) <= TEXT_LIMIT for answer in answers)
        text = "\n".join(visible_text(answer) for answer in answers)
        assert all(name in text for name in names), command


async def test_a_topic_id_past_any_number_is_refused_clearly(telegram: TelegramHarness) -> None:
    [answer] = await telegram.send("removechannel -100777:99999999999999999999999")
    assert "has a topic id that is not a number" in answer


async def test_a_command_for_another_bot_is_left_alone_in_a_private_chat_too(telegram: TelegramHarness) -> None:
    assert await telegram.send("read@other_bot 1", Who.READER) == []
