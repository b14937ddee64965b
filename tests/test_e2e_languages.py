"""The real `herald run` against the Bot API stand-in, with a reader whose Telegram app is in Russian: Herald
answers them in Russian, and frames their copy of a post in Russian while an English reader's stays English."""

from tests.conftest import HeraldProcess, eventually
from tests.standin.people import Person, person
from tests.standin.server import BotApiStandIn
from tests.test_e2e_telegram import BODY, compose, last, reply_to


async def test_a_russian_app_gets_russian_answers_and_a_russian_frame(
    standin: BotApiStandIn, herald: HeraldProcess, admin: Person
) -> None:
    rita, eve = person(standin, "Rita"), person(standin, "Eve")
    rita.language_code = "ru-RU"
    help_text = await reply_to(standin, rita, "/help")
    assert help_text.startswith("<b>Herald</b> публикует региональные новости.")
    assert (await reply_to(standin, rita, "/subscribe new UK")).startswith("Этот чат получает посты регионов: UK.")
    assert (await reply_to(standin, eve, "/subscribe new UK")).startswith("This chat receives posts from: UK.")

    await compose(standin, admin, f"/post UK: Bridge Reopens (16.1.2026)\n{BODY}")
    assert "Delivering to 2 targets." in await reply_to(standin, admin, "/publish")
    await eventually(lambda: "Bridge Reopens" in last(standin, rita.id), what="Rita's copy")
    await eventually(lambda: "Bridge Reopens" in last(standin, eve.id), what="Eve's copy")
    assert "16 января 2026" in last(standin, rita.id) and "January" not in last(standin, rita.id)
    assert "16 January 2026" in last(standin, eve.id)

    latest = await reply_to(standin, rita, "/latest")
    assert latest == "<b>Свежие посты</b>\n16 января 2026 – UK: Bridge Reopens – /read 1"
    assert (await reply_to(standin, eve, "/latest")).startswith("<b>Latest posts</b>\n16 January 2026")
