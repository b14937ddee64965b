"""The region picker in Russian: its heading, labels, toasts and paging buttons are the catalogue's; its marks,
region names and page indicator are the same in every language."""

from bot import texts
from bot.domain.text import fill
from tests.commands.test_region_picker import data_of, last_toast, press, publish_regions, rows
from tests.commands_harness import TelegramHarness, Where, Who
from tests.standin.state import Sent

STALE_RU = "Эти кнопки устарели: отправьте /subscribe, чтобы получить актуальные."
HEADING = "<b>Регионы этого чата</b>: нажмите на регион, чтобы включить или выключить его."


async def open_russian_picker(telegram: TelegramHarness) -> Sent:
    """A reader whose Telegram app is in Russian sends `/subscribe` alone; the picker it answers with."""
    telegram.people[Who.READER].language_code = "ru"
    [answer] = await telegram.send("subscribe", Who.READER)
    assert answer.startswith(HEADING)
    return telegram.standin.world.in_chat(telegram.chat_of(Who.READER, Where.PRIVATE).id)[-1]


async def test_the_picker_speaks_russian(telegram: TelegramHarness) -> None:
    await publish_regions(telegram.sessions, ["Brazil"])
    picker = await open_russian_picker(telegram)
    assert picker.text == f"{HEADING}\nЭтот чат пока ничего не получает."
    assert rows(picker) == [["⬜ Все регионы"], ["⬜ Brazil", "⬜ UK"]]
    await press(telegram, Who.READER, picker, "⬜ UK")
    assert last_toast(telegram) == ("UK: включён", False)
    await press(telegram, Who.READER, picker, "✅ UK")
    assert last_toast(telegram) == ("UK: выключен", False)


async def test_all_regions_agree_in_number_in_russian(telegram: TelegramHarness) -> None:
    picker = await open_russian_picker(telegram)
    await press(telegram, Who.READER, picker, "⬜ Все регионы")
    assert last_toast(telegram) == ("Все регионы: включены", False)
    assert rows(picker)[0] == ["✅ Все регионы"]
    await press(telegram, Who.READER, picker, "✅ Все регионы")
    assert last_toast(telegram) == ("Все регионы: выключены", False)


async def test_the_paging_buttons_speak_russian(telegram: TelegramHarness) -> None:
    await publish_regions(telegram.sessions, [f"Region {n:02}" for n in range(1, 45)])
    picker = await open_russian_picker(telegram)
    assert rows(picker)[-1] == ["1/3", "Далее ›"]
    await press(telegram, Who.READER, picker, "Далее ›")
    assert rows(picker)[-1] == ["‹ Назад", "2/3", "Далее ›"]
    await press(telegram, Who.READER, picker, "‹ Назад")
    assert rows(picker)[-1] == ["1/3", "Далее ›"]


async def test_a_stale_button_speaks_the_chats_language_not_the_pressers(telegram: TelegramHarness) -> None:
    await telegram.send("language ru", Who.OWNER, Where.GROUP)
    await telegram.send("subscribe", Who.OWNER, Where.GROUP)
    picker = telegram.standin.world.in_chat(telegram.chat_of(Who.OWNER, Where.GROUP).id)[-1]
    gone = {"message_id": picker.message_id, "date": 0, "chat": picker.message["chat"]}  # InaccessibleMessage
    await telegram.press(Who.READER, gone, data_of(picker, "⬜ UK"))  # the reader's app speaks English
    assert last_toast(telegram) == (STALE_RU, True)


async def test_a_stale_button_in_a_private_chat_follows_the_app_unless_chosen(telegram: TelegramHarness) -> None:
    picker = await open_russian_picker(telegram)
    gone = {"message_id": picker.message_id, "date": 0, "chat": picker.message["chat"]}
    await telegram.press(Who.READER, gone, data_of(picker, "⬜ UK"))
    assert last_toast(telegram) == (STALE_RU, True)
    await telegram.send("language en", Who.READER)
    await telegram.press(Who.READER, gone, data_of(picker, "⬜ UK"))
    assert last_toast(telegram) == (fill(texts.PICK_STALE, "/"), True)
