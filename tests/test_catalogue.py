"""The catalogues: every text of bot/texts/ is in each language, translated, with the same placeholders and HTML
tags; plurals have all of a language's forms; a missing entry falls back to English; the template is current."""

import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot import texts
from bot.catalogues import DOMAIN, LOCALES, Catalogues, language_of
from bot.domain.languages import base_language
from bot.domain.models import Platform
from bot.pot import messages, render, template

LANGUAGES = sorted(path.name for path in LOCALES.iterdir() if (path / "LC_MESSAGES" / f"{DOMAIN}.po").exists())
SAMPLE_DATE = date(2026, 1, 16)
_TAG = re.compile(r"</?[a-z]+\b[^>]*>")


def entry(catalog: Catalog, english: str) -> Message:
    message = catalog.get(english)
    assert message is not None
    return message


def catalogue(language: str, folder: Path = LOCALES) -> Catalog:
    with (folder / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


def fields(text: str) -> set[str]:
    """The `{names}` a template fills in (`{p}` included)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def tags(text: str) -> list[str]:
    return sorted(_TAG.findall(text))


def problems(english: str | tuple[str, ...], message: Message | None, forms: int) -> list[str]:
    """What is wrong with one entry of a catalogue: missing, untranslated, fuzzy, or not matching the English."""
    if message is None:
        return ["missing"]
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    translations = tuple(text or "" for text in strings)
    if message.fuzzy or not all(translations):
        return ["not translated"]
    if isinstance(english, tuple) and len(translations) != forms:
        return [f"{len(translations)} plural forms, not {forms}"]
    source = english[-1] if isinstance(english, tuple) else english
    found = []
    for translation in translations:
        if fields(translation) != fields(source):
            found.append(f"placeholders {sorted(fields(translation))}, not {sorted(fields(source))}")
        if tags(translation) != tags(source):
            found.append(f"tags {tags(translation)}, not {tags(source)}")
    return found


def report(language: str, folder: Path = LOCALES) -> dict[str, list[str]]:
    """Every text of bot/texts/ with what is wrong with it in language (only those with problems)."""
    po = catalogue(language, folder)
    forms = po.num_plurals
    found = {}
    for name, english, context in messages():
        key = english[0] if isinstance(english, tuple) else english
        message = po.get(key, context)
        if wrong := problems(english, message, forms) or pattern_problems(name, message, language):
            found[name] = wrong
    return found


def pattern_problems(name: str, message: Message | None, language: str) -> list[str]:
    """A translated DATE_FORMAT that Babel can't format a date with (every copy's frame would fail)."""
    if name != "DATE_FORMAT" or message is None or not isinstance(message.string, str):
        return []
    try:
        format_date(SAMPLE_DATE, message.string, locale=language)
    except (ValueError, AttributeError, KeyError) as error:  # what Babel raises for a bad or a time's field
        return [f"not a date pattern: {error}"]
    return []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated_with_the_same_placeholders_and_tags(language: str) -> None:
    assert report(language) == {}


def test_russian_is_shipped_with_three_plural_forms() -> None:
    assert "ru" in LANGUAGES
    assert catalogue("ru").num_plurals == 3
    ru = Catalogues.load().voice(Platform.TELEGRAM, "ru")
    copies = [ru.plural(texts.REVISED_DELETED, n, id=7) for n in (1, 3, 5, 21)]
    assert copies == [
        "Пост #7 удалён. Удаляю 1 доставленную копию.",
        "Пост #7 удалён. Удаляю 3 доставленные копии.",
        "Пост #7 удалён. Удаляю 5 доставленных копий.",
        "Пост #7 удалён. Удаляю 21 доставленную копию.",
    ]


def test_a_message_missing_from_a_catalogue_is_said_in_english_and_reported(tmp_path: Path) -> None:
    ru = catalogue("ru")
    del ru[texts.NO_REGIONS]
    entry(ru, texts.PUBLISHED.one).string = ("", "", "")  # present, but not translated
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(render(ru))
    voice = Catalogues.load(tmp_path).voice(Platform.TELEGRAM, "ru")
    assert voice.fill(texts.NO_REGIONS) == texts.NO_REGIONS
    assert voice.plural(texts.PUBLISHED, 2, id=4) == "Published post #4. Delivering to 2 targets."
    assert voice.fill(texts.HELP_ADMIN_HEADING) == "<b>Команды администраторов</b>"  # the rest is Russian
    assert report("ru", tmp_path) == {"NO_REGIONS": ["missing"], "PUBLISHED": ["not translated"]}


def test_a_translation_with_other_placeholders_or_tags_is_reported(tmp_path: Path) -> None:
    ru = catalogue("ru")
    entry(ru, texts.UNKNOWN_COMMAND).string = "Я не знаю команды /{name}."  # `{p}` lost: Matrix would read `/`
    entry(ru, texts.HELP_INTRO).string = "Herald публикует новости."  # <b> lost
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(render(ru))
    found = report("ru", tmp_path)
    assert set(found) == {"UNKNOWN_COMMAND", "HELP_INTRO"}
    assert found["UNKNOWN_COMMAND"] == ["placeholders ['name'], not ['name', 'p']"]


def test_an_unknown_language_speaks_english() -> None:
    catalogues = Catalogues.load()
    assert catalogues.languages == ("en", "ru")
    assert catalogues.voice(Platform.MATRIX, "xx").fill(texts.UNKNOWN_COMMAND, name="x") == (
        "I don't know the command !x. Send !help for the list."
    )


def test_the_template_is_up_to_date_with_bot_texts() -> None:
    """`python -m bot.pot` writes it: run that after changing bot/texts/."""
    assert (LOCALES / f"{DOMAIN}.pot").read_text() == render(template())


def test_a_phrase_worded_for_its_sentence_is_translated_in_that_context() -> None:
    """ "a private chat" is said "личном чате" only inside "в {place} со мной": the catalogue keeps that form under the
    sentence's context (msgctxt), so that the same English used elsewhere gets a translation of its own."""
    ru = catalogue("ru")
    for phrase in (*texts.PRIVATE_CHAT.values(), texts.SOMEONE):
        assert phrase.context and entry_in(ru, phrase, phrase.context).string
        assert ru.get(phrase) is None  # no context-free entry a plain use would pick up
    voice = Catalogues.load().voice(Platform.MATRIX, "ru")
    assert voice.plural(texts.READ_ON, 2, id=7, place=texts.PRIVATE_CHAT["matrix"]).endswith(
        "отправьте !read 7 в личном чате со мной."
    )
    assert voice.text("a private chat") == "a private chat"


def entry_in(catalog: Catalog, english: str, context: str) -> Message:
    message = catalog.get(english, context)
    assert message is not None
    return message


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_formats_a_frames_date(language: str) -> None:
    said = Catalogues.load().voice(Platform.TELEGRAM, language).date(SAMPLE_DATE)
    assert "16" in said and "2026" in said
    assert Catalogues.load().voice(Platform.TELEGRAM, "ru").date(SAMPLE_DATE) == "16 января 2026"


@pytest.mark.parametrize("pattern", ["d MMMMMMM y", "d MMMM y, h a"])  # a bad field; a time's fields on a date
def test_a_date_pattern_babel_cannot_use_is_reported(tmp_path: Path, pattern: str) -> None:
    ru = catalogue("ru")
    entry(ru, texts.DATE_FORMAT).string = pattern
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(render(ru))
    [problem] = report("ru", tmp_path)["DATE_FORMAT"]
    assert problem.startswith("not a date pattern")
    assert Catalogues.load(tmp_path).voice(Platform.TELEGRAM, "ru").date(SAMPLE_DATE) == "16 января 2026"


@pytest.mark.parametrize(
    ("code", "base", "spoken"),
    [("ru-RU", "ru", "ru"), ("pt_BR", "pt", "en"), ("RU", "ru", "ru"), ("de", "de", "en"), (None, None, None)],
)
def test_a_platforms_language_code_is_read_one_way(code: str | None, base: str | None, spoken: str | None) -> None:
    """`/language` (is the app followed?) and the runner (which language to speak) read a code alike."""
    assert base_language(code) == base
    assert language_of(code, Catalogues.load().books) == spoken
