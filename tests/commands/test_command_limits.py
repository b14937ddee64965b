"""Replies that outgrow one message, and input that must not break a reply or leak a draft's region: on Telegram
(the stand-in checks HTML and lengths as Telegram does) and on Matrix."""

import copy
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import texts
from bot.domain.arguments import join_words, split_words
from bot.domain.models import Platform, PostView, TargetKind
from bot.domain.render import TEXT_LIMIT, RenderStyle, offer_rest, render_full
from bot.domain.rich import Rich
from bot.domain.text import fill, utf16_len, visible_text
from bot.services.subscriptions import MAX_FILTER_REGIONS
from tests.commands_harness import Harness, TelegramHarness, Where, Who
from tests.factories import ADMIN, ENGLISH, publish, subscribe, unit, voice
from tests.standin.state import BOT_USERNAME
from tests.standin.telegram_html import parse


def words(text: str) -> str:
    return " ".join(text.split())


def assert_split_and_whole(answers: Sequence[str], wanted: Sequence[str]) -> None:
    """Several messages, each within Telegram's limit after entity parsing, that together hold every wanted text."""
    assert len(answers) > 1, answers
    assert all(utf16_len(visible_text(answer)) <= TEXT_LIMIT for answer in answers)
    whole = words("\n".join(visible_text(answer) for answer in answers))
    missing = [text for text in wanted if words(text) not in whole]
    assert not missing, missing[:3]


def padded(stem: str, length: int) -> str:
    return (stem + "x" * length)[:length]


# -- §3: lists longer than one message ---------------------------------------------------------------------------


async def test_latest_20_with_long_titles_comes_in_several_messages(herald: Harness) -> None:
    titles = [f"{n:02} Bridge & <b>Tunnel</b> " + "Long headline words " * 9 for n in range(20)]
    for title in titles:
        await publish(herald.sessions, f"UK: {title[:200].strip()} (16.1.2026)\nBody.")
    answers = await herald.send("latest 20", Who.READER)
    assert_split_and_whole(answers, [title[:200].strip() for title in titles])


async def test_latest_10_with_emoji_titles_counts_utf16_units(herald: Harness) -> None:
    titles = [f"{n} " + "🌧" * 190 for n in range(10)]  # within the title limit in code points, twice in units
    for title in titles:
        await publish(herald.sessions, f"UK: {title} (16.1.2026)\nRain.")
    answers = await herald.send("latest 10", Who.READER)
    assert_split_and_whole(answers, titles)


async def test_regions_with_80_long_names_come_in_several_messages(herald: Harness) -> None:
    names = [padded(f"Region{n:02}-Northern-Highlands-", 48) for n in range(80)]
    for name in names:
        await publish(herald.sessions, f"{name}: News (16.1.2026)\nBody.")
    assert_split_and_whole(await herald.send("regions", Who.READER), names)


async def test_channels_list_comes_in_several_messages(herald: Harness) -> None:
    regions = [padded(f"Region{n:02}-", 40) for n in range(3)]
    for n in range(40):
        await subscribe(herald.sessions, f"-100{n:04}", *regions, kind=TargetKind.CHANNEL)
    assert_split_and_whole(await herald.send("channels"), [f"-100{n:04}" for n in range(40)] + regions)


async def test_scheduled_list_comes_in_several_messages(herald: Harness) -> None:
    titles = [f"{n:02} Night Buses Return " + "and more words " * 12 for n in range(30)]
    async with unit(herald.sessions) as services:
        for title in titles:
            draft = await services.compose.create_draft(ADMIN, f"UK: {title[:190].strip()}\nBody.", [])
            await services.scheduling.schedule(ADMIN, draft.id, "2099-01-16", "09:30")
    assert_split_and_whole(await herald.send("scheduled"), [title[:190].strip() for title in titles])


async def test_aliases_list_comes_in_several_messages(herald: Harness) -> None:
    names = [padded(f"Alias{n:03}-", 40) for n in range(100)]
    async with unit(herald.sessions) as services:
        for name in names:
            await services.aliases.add("UK", name)
    assert_split_and_whole(await herald.send("aliases"), names)


# -- §3: a chat's filter has a maximum -----------------------------------------------------------------------------


async def test_a_filter_holds_at_most_the_stated_number_of_regions(herald: Harness) -> None:
    assert f"{MAX_FILTER_REGIONS} at most" in texts.HELP_SUBSCRIBE
    before = await herald.stored()
    [answer] = await herald.send("subscribe new " + " ".join(f"R{n:03}" for n in range(500)), Who.READER)
    assert answer == fill(texts.FILTER_FULL, herald.prefix, limit=MAX_FILTER_REGIONS, count=500)
    assert await herald.stored() == before

    names = [padded(f"Region{n:03}-", 48) for n in range(MAX_FILTER_REGIONS + 1)]
    for start in range(0, MAX_FILTER_REGIONS, 50):  # commands a person can send: within 4096 characters
        first = await herald.send("subscribe new " + " ".join(names[start : start + 50]), Who.READER)
        assert "This chat receives posts from:" in first[0]
    full = await herald.stored()
    [again] = await herald.send(f"subscribe new {names[-1]}", Who.READER)
    assert again == fill(texts.FILTER_FULL, herald.prefix, limit=MAX_FILTER_REGIONS, count=MAX_FILTER_REGIONS + 1)
    assert await herald.stored() == full
    assert_split_and_whole(await herald.send("subscriptions", Who.READER), names[:-1])  # the whole filter, listed


# -- §3: /read of a long post in a shared chat ---------------------------------------------------------------------


LONG_BODY = "\n\n".join(f"Paragraph {n}. " + "Words follow here. " * 60 for n in range(12))


async def test_read_of_a_long_post_in_a_group_sends_a_few_messages_and_offers_the_rest(herald: Harness) -> None:
    await herald.send("post Canada: Early Snow (8.1.2026)\n" + LONG_BODY)
    await herald.send("publish 2")
    whole = await herald.send("read 2", Who.READER)
    assert len(whole) > 3
    addressed = f"read@{BOT_USERNAME} 2" if herald.platform == Platform.TELEGRAM else "read 2"  # Herald's, surely
    shared = await herald.send(addressed, Who.READER, Where.GROUP)
    place = texts.PRIVATE_CHAT[herald.platform.value]
    offer = voice(platform=herald.platform).plural(texts.READ_ON, len(whole) - 2, id=2, place=place)
    assert shared == [*whole[:2], offer]
    assert f"{herald.prefix}read 2 in {place} with me" in offer


def test_the_offer_of_the_rest_is_a_deep_link_where_the_platform_has_one() -> None:
    style = RenderStyle(deep_link_base="https://t.me/herald_bot?start=")
    parts = render_full(_post(LONG_BODY), style, ENGLISH)
    offered = offer_rest(parts, 42, style, 3, texts.PRIVATE_CHAT["telegram"], ENGLISH)
    assert offered[:2] == parts[:2] and len(offered) == 3
    assert '<a href="https://t.me/herald_bot?start=read_42">' in offered[-1]
    parse(offered[-1])  # valid Telegram HTML
    assert offer_rest(parts[:3], 42, style, 3, "", ENGLISH) == parts[:3]  # nothing to offer when all of it fits


def _post(body: str) -> PostView:
    return PostView(id=42, region="UK", title="Early Snow", date=date(2026, 1, 16), body=Rich.plain(body))


# -- §4: an unknown command's name is the sender's text --------------------------------------------------------


@pytest.mark.parametrize("name", ["x<b>", "x<i>slanted</i>", "a&b"])
async def test_an_unknown_command_name_is_escaped(herald: Harness, name: str) -> None:
    answers = await herald.send(name, Who.READER)
    assert answers == [fill(texts.UNKNOWN_COMMAND, herald.prefix, name=name)]
    assert f"{herald.prefix}{name}" in visible_text(answers[0])
    if isinstance(herald, TelegramHarness):
        [sent] = herald.standin.world.in_chat(herald.people[Who.READER].id)
        assert not sent.message.get("entities")  # no italics, no bold: the name is plain text


# -- §4: regions of drafts, discarded and deleted posts don't leak ---------------------------------------------


async def draft_only_regions(herald: Harness) -> None:
    """Embargo has a draft, Scrapped a discarded draft, Gone a deleted post (posts #2, #3, #4)."""
    await herald.send("post Embargo: Secret Plan\nBody.")
    await herald.send("post Scrapped: Old Idea\nBody.")
    await herald.send("cancel 3")
    await herald.send("post Gone: Retracted\nBody.")
    await herald.send("publish 4")
    await herald.send("delete 4")
    await herald.send("post Embargo: Secret Plan\nBody.")  # the admin's open draft again


@pytest.mark.parametrize("region", ["Embargo", "Scrapped", "Gone"])
async def test_a_region_without_published_posts_is_unknown_to_readers(herald: Harness, region: str) -> None:
    await draft_only_regions(herald)
    before = await herald.stored()
    for command in ("latest {}", "subscribe {}", "latest {} 3"):
        [leak] = await herald.send(command.format(region.lower()), Who.READER)
        [none] = await herald.send(command.format("atlantis"), Who.READER)
        assert leak.replace("embargo", "atlantis").replace(region.lower(), "atlantis") == none, command
    assert region not in "\n".join(await herald.send("regions", Who.READER))
    assert await herald.stored() == before
    [answer] = await herald.send(f"subscribe new {region.lower()}", Who.READER)
    assert region not in answer  # the reader's own spelling, not the region's
    assert fill(texts.NO_POSTS_FOR, herald.prefix, names=region.lower()) in answer


async def test_an_admin_still_sees_a_region_of_drafts(herald: Harness) -> None:
    await draft_only_regions(herald)
    assert await herald.send("latest Embargo") == [fill(texts.NO_POSTS, herald.prefix, where=" in Embargo")]


# -- §4: a misspelt region is offered the closest, and stored only when confirmed -----------------------------


async def test_a_misspelt_region_gets_the_closest_and_is_stored_only_when_confirmed(herald: Harness) -> None:
    await publish(herald.sessions, "Brazil: Carnival Begins (16.1.2026)\nBody.")
    await publish(herald.sessions, "North Island: Ferry Resumes (16.1.2026)\nBody.")
    before = await herald.stored()
    p = herald.prefix
    [answer] = await herald.send('subscribe UK Brazl "Nort Island"', Who.READER)
    assert answer == (
        "No posts yet for “Brazl”, “Nort Island”, so nothing was changed.\n"
        f'Did you mean Brazil, North Island? Send {p}subscribe UK Brazil "North Island"\n'
        f'To wait for the first post anyway, send {p}subscribe new UK Brazl "Nort Island"'
    )
    assert await herald.stored() == before
    [typo] = await herald.send("subscribe Qwxyz", Who.READER)
    assert "Did you mean" not in typo and f"{p}subscribe new Qwxyz" in typo
    assert await herald.stored() == before

    corrected = await herald.send('subscribe UK Brazil "North Island"', Who.READER)
    assert corrected == ["This chat receives posts from: Brazil, North Island, UK."]
    [waiting] = await herald.send("subscribe new Brazl", Who.READER)
    assert waiting == (
        "This chat receives posts from: Brazil, Brazl, North Island, UK.\n" + fill(texts.NO_POSTS_FOR, p, names="Brazl")
    )


async def test_on_telegram_the_closest_region_is_a_button_too(telegram: TelegramHarness) -> None:
    await publish(telegram.sessions, "Brazil: Carnival Begins (16.1.2026)\nBody.")
    before = await telegram.stored()
    await telegram.send("subscribe Brazl", Who.READER)
    [question] = telegram.standin.world.in_chat(telegram.people[Who.READER].id)
    buttons = question.message["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("✅ Brazil", "cmd:subscribe Brazil"), ("⏳ Wait for “Brazl”", "cmd:subscribe new Brazl"),
    ]  # fmt: skip
    assert await telegram.stored() == before
    await telegram.press(Who.READER, copy.deepcopy(question.message), "cmd:subscribe Brazil")
    assert question.text == "This chat receives posts from: Brazil."  # the question answered in place
    assert await telegram.send("subscriptions", Who.READER) == ["This chat receives posts from: Brazil."]


@given(st.lists(st.text(alphabet=st.sampled_from("ab Z'\"\\<&#!😀\n\t"), min_size=1), max_size=6))
def test_a_suggested_command_line_reads_back_as_the_same_words(names: list[str]) -> None:
    assert split_words(join_words(names)) == names


async def test_a_name_that_starts_with_new_is_no_confirmation(herald: Harness) -> None:
    """`New Zealand` typed without quotes is two names to check, not the confirming word and one name."""
    [answer] = await herald.send("subscribe New Zealand", Who.READER)
    assert "nothing was changed" in answer
    assert "This chat receives nothing yet" in (await herald.send("subscriptions", Who.READER))[0]


@pytest.mark.parametrize("name", ["<b>UK</b>", "{p}", "{0}", "UK/EU", "_x"])
async def test_a_confirmed_name_no_title_line_could_give_is_refused(herald: Harness, name: str) -> None:
    [refusal] = await herald.send(f"subscribe new {name}", Who.READER)
    assert refusal == fill(texts.NOT_A_REGION_NAME, herald.prefix, name=name, form=texts.EXPECTED_FORM)
    assert await herald.send("subscriptions", Who.READER) == [fill(texts.RECEIVES_NOTHING, herald.prefix)]
