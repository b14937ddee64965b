"""Herald's message catalogues: each language's `.po` file, compiled in memory when Herald starts (no build step)."""

import gettext
import io
from pathlib import Path
from types import MappingProxyType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.domain.languages import base_language
from bot.domain.models import COMMAND_PREFIX, Platform
from bot.domain.voice import ENGLISH, Books, Voice, english_only, languages_of

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "herald"


def compile_po(path: Path, language: str) -> gettext.GNUTranslations:
    """One catalogue, compiled as gettext reads it; untranslated and fuzzy entries are left out (English shows)."""
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    binary = io.BytesIO()
    write_mo(binary, catalog)
    binary.seek(0)
    return gettext.GNUTranslations(binary)


def load_books(folder: Path = LOCALES) -> Books:
    """English, and every language that has a catalogue in folder (`<lang>/LC_MESSAGES/herald.po`)."""
    books = dict(english_only())
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = path.parent.parent.name
        books[language] = compile_po(path, language)
    return MappingProxyType(books)


def language_of(code: str | None, books: Books) -> str | None:
    """The language Herald speaks for a platform's language code (`ru`, `ru-RU`, `pt_BR`); None when it reported
    none, and English for one Herald does not speak."""
    language = base_language(code)
    return language if language is None or language in books else ENGLISH


class Catalogues:
    """Every language's catalogue, loaded once when Herald starts, and the voices made from them."""

    def __init__(self, books: Books | None = None) -> None:
        self.books = books if books is not None else english_only()

    @classmethod
    def load(cls, folder: Path = LOCALES) -> "Catalogues":
        """The catalogues shipped with Herald (or those in folder)."""
        return cls(load_books(folder))

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language Herald speaks, English first."""
        return languages_of(self.books)

    def voice(self, platform: Platform, language: str | None = None) -> Voice:
        """How Herald speaks on platform in language (English when it is unknown or not shipped)."""
        return Voice(COMMAND_PREFIX[platform], ENGLISH, self.books).into(language or ENGLISH)
