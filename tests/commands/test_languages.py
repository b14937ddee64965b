"""Herald in the reader's language: a Russian app gets Russian, `language` shows and changes a chat's language
(its admins' choice in a group or room), and channels are registered with one."""

import copy

from sqlalchemy import event, select

from bot import texts
from bot.domain.models import Platform
from storage.models import Delivery, Target
from tests.commands_harness import Harness, TelegramHarness, Where, Who
from tests.factories import voice

CHOICES = "en (English), ru (Русский)"


def russian(telegram: TelegramHarness, who: Who = Who.READER, code: str = "ru") -> None:
    """That person's Telegram app is set to Russian (or to code)."""
    telegram.people[who].language_code = code


async def test_a_russian_app_gets_help_latest_and_errors_in_russian(telegram: TelegramHarness) -> None:
    russian(telegram)
    [help_text] = await telegram.send("help", Who.READER)
    assert help_text.startswith("<b>Herald</b> публикует региональные новости. Подпишитесь на регионы")
    assert "/latest [REGION] [N] – N самых свежих постов (по умолчанию 5, не больше 20)" in help_text
    assert "/language [en|ru] – язык, на котором Herald говорит в этом чате" in help_text
    assert await telegram.send("latest", Who.READER) == [
        "<b>Свежие посты</b>\n16 января 2026 – UK: Bridge Reopens – /read 1"
    ]
    assert await telegram.send("read 12x", Who.READER) == ["Номер поста: нужно число, а не «12x»."]
    assert await telegram.send("latest Atlantis", Who.READER) == ["Региона «Atlantis» нет. Известные регионы: UK."]
    assert await telegram.send("nonsense", Who.READER) == ["Я не знаю команды /nonsense. Список команд покажет /help."]
    assert await telegram.send("post UK: Mine\nBody", Who.READER) == [
        "Эта команда — только для администраторов Herald, в личном чате со мной или в чате администраторов."
    ]


async def test_an_app_language_herald_does_not_speak_gets_english(telegram: TelegramHarness) -> None:
    russian(telegram, code="de")
    [help_text] = await telegram.send("help", Who.READER)
    assert help_text.startswith(texts.HELP_INTRO)
    assert await telegram.send("language", Who.READER) == [
        "Herald speaks English in this chat.\nTo change it, send one of these:\n"
        "/language en – English\n/language ru – Русский"
    ]


async def test_a_private_chats_choice_wins_over_the_app_language(telegram: TelegramHarness) -> None:
    russian(telegram)
    [shown] = await telegram.send("language", Who.READER)
    assert shown.startswith("Язык Herald в этом чате — русский, как в вашем приложении Telegram.\n")
    [question] = telegram.standin.world.in_chat(telegram.people[Who.READER].id)[-1:]
    buttons = question.message["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("English", "cmd:language en"), ("Русский", "cmd:language ru"),
    ]  # fmt: skip
    assert await telegram.send("language en", Who.READER) == ["Done: Herald speaks English in this chat from now on."]
    [help_text] = await telegram.send("help", Who.READER)
    assert help_text.startswith(texts.HELP_INTRO)  # the app still says Russian: the choice wins
    assert await telegram.send("language Русский", Who.READER) == [
        "Готово: теперь язык Herald в этом чате — русский."
    ]  # by name too
    await telegram.send("language English", Who.READER)
    assert (await telegram.send("language", Who.READER))[0].startswith("Herald speaks English in this chat.\n")
    await telegram.press(Who.READER, copy.deepcopy(question.message), "cmd:language ru")
    assert question.text == "Готово: теперь язык Herald в этом чате — русский."  # answered in place
    assert (await telegram.send("subscriptions", Who.READER))[0].startswith("Этот чат пока ничего не получает.")


async def test_a_private_chats_target_follows_its_app_for_the_posts_it_receives(telegram: TelegramHarness) -> None:
    russian(telegram, code="ru-RU")
    await telegram.send("subscribe UK", Who.READER)
    assert await language_of(telegram, str(telegram.people[Who.READER].id)) == ("ru", False)
    russian(telegram, code="en-GB")
    await telegram.send("subscriptions", Who.READER)
    assert await language_of(telegram, str(telegram.people[Who.READER].id)) == ("en", False)


async def test_a_groups_language_is_set_by_its_admins_only(herald: Harness) -> None:
    refusal = texts.CHAT_ADMINS_ONLY_ROOM if herald.platform == Platform.MATRIX else texts.CHAT_ADMINS_ONLY_GROUP
    before = await herald.stored()
    assert await herald.send("language ru", Who.READER, Where.GROUP) == [refusal]
    assert await herald.stored() == before
    assert await herald.send("language ru", Who.OWNER, Where.GROUP) == [
        "Готово: теперь язык Herald в этом чате — русский."
    ]
    [help_text] = await herald.send("help", Who.READER, Where.GROUP)  # everyone there reads Russian now
    assert help_text.startswith("<b>Herald</b> публикует региональные новости.")
    assert (await herald.send("help", Who.READER))[0].startswith(texts.HELP_INTRO)  # not in a private chat
    russian_refusal = voice("ru", herald.platform).fill(refusal)
    assert await herald.send("language en", Who.READER, Where.GROUP) == [russian_refusal]


async def test_a_chat_that_only_chose_a_language_receives_no_posts(herald: Harness) -> None:
    await herald.send("language ru", Who.OWNER, Where.GROUP)
    await herald.send("post UK: Storm Warning (17.1.2026)\nRain all week.")
    assert await herald.send("publish 2") == ["Published post #2. Delivering to 0 targets."]
    async with herald.sessions() as session:
        assert list(await session.scalars(select(Delivery))) == []


async def test_bad_language_input_gets_one_clear_error(herald: Harness) -> None:
    p = herald.prefix
    before = await herald.stored()
    assert await herald.send("language xx", Who.READER) == [f"Herald does not speak “xx”. Choose one of: {CHOICES}."]
    assert await herald.send("language <b>", Who.READER) == [
        f"Herald does not speak “&lt;b&gt;”. Choose one of: {CHOICES}."
    ]
    assert await herald.send(f"addchannel {herald.channel} UK lang=fr") == [
        f"Herald does not speak “fr”. Choose one of: {CHOICES}."
    ]
    assert await herald.stored() == before
    [shown] = await herald.send("language", Who.READER)  # no app language on Matrix, or none told: English
    assert shown.startswith("Herald speaks English in this chat.\n") and f"{p}language ru – Русский" in shown


async def test_a_channel_is_registered_with_its_language(herald: Harness) -> None:
    kind = "room" if herald.platform == Platform.MATRIX else "channel"
    [registered] = await herald.send(f"addchannel {herald.channel} UK lang=ru")
    assert registered.startswith("Registered: <code>") and f"UK News ({kind}, Russian) – UK" in registered
    [listed] = await herald.send("channels")
    assert f"({kind}, Russian)" in listed
    [again] = await herald.send(f"addchannel {herald.channel} all")  # registered anew, it keeps its language
    assert f"({kind}, Russian) – all" in again


async def language_of(harness: Harness, chat_id: str) -> tuple[str | None, bool]:
    async with harness.sessions() as session:
        target = await session.scalar(select(Target).where(Target.chat_id == chat_id))
    assert target is not None
    return target.language, target.language_chosen


async def test_a_russian_admins_chat_keeps_its_language_for_a_broadcasts_progress(telegram: TelegramHarness) -> None:
    russian(telegram, Who.ADMIN)
    await telegram.send("post UK: Storm Warning (17.1.2026)\nRain all week.")
    [published] = await telegram.send("publish 2")
    assert published == "Пост #2 опубликован. Доставляю 0 получателям."
    assert await language_of(telegram, str(telegram.people[Who.ADMIN].id)) == ("ru", False)  # for what follows
    async with telegram.sessions() as session:
        assert list(await session.scalars(select(Delivery))) == []  # its chat, with no regions, receives nothing


async def test_a_registered_channels_language_changes_and_its_regions_stay(herald: Harness) -> None:
    kind = "room" if herald.platform == Platform.MATRIX else "channel"
    await herald.send(f"addchannel {herald.channel} UK")
    [changed] = await herald.send(f"addchannel {herald.channel} lang=ru")
    assert changed.startswith("Language changed, regions kept: <code>")
    assert changed.endswith(f"UK News ({kind}, Russian) – UK")
    [listed] = await herald.send("channels")
    assert f"({kind}, Russian) – UK" in listed


async def test_a_command_reads_its_chats_target_once(telegram: TelegramHarness) -> None:
    russian(telegram)
    await telegram.send("subscribe UK", Who.READER)  # the reader's chat has a target
    engine = telegram.sessions.kw["bind"].sync_engine
    reads: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM targets" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        await telegram.send("help", Who.READER)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(reads) == 1  # help reads no target of its own: only the chat's language does


async def test_a_russian_admin_is_shown_a_title_line_in_russian(telegram: TelegramHarness) -> None:
    russian(telegram, Who.ADMIN)
    [error] = await telegram.send("post Bridge Reopens (16.1.2026)\nBody", Who.ADMIN)
    assert error.endswith("\nРегион: Заголовок (16.1.2026)")


async def test_language_takes_an_app_code_and_a_name_in_any_shipped_language(telegram: TelegramHarness) -> None:
    assert await telegram.send("language ru-RU", Who.READER) == ["Готово: теперь язык Herald в этом чате — русский."]
    assert await telegram.send("language английский", Who.READER) == [
        "Done: Herald speaks English in this chat from now on."
    ]


async def test_a_members_language_in_a_group_is_refused_with_what_admins_may_change(telegram: TelegramHarness) -> None:
    assert await telegram.send("language ru", Who.OWNER, Where.GROUP) == [
        "Готово: теперь язык Herald в этом чате — русский."
    ]
    assert await telegram.send("language en", Who.READER, Where.GROUP) == [
        "Менять настройки группы (что она получает и на каком языке) могут только её администраторы."
    ]
