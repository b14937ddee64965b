"""The region picker in Russian: its heading, labels, toasts and paging buttons are the catalogue's; its marks,
region names and page indicator are the same in every language."""

from tests.commands.test_region_picker import last_toast, press, publish_regions, rows
from tests.commands_harness import TelegramHarness, Where, Who
from tests.standin.state import Sent

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
