"""How Herald speaks in one chat: the platform's command prefix and the chat's language, with its catalogue."""

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from bot import texts
from bot.domain.text import fill
from bot.texts import Phrase, Plural

ENGLISH = "en"  # the language of `bot.texts`, and of any chat whose language is not known

Books = Mapping[str, gettext.NullTranslations]  # a compiled catalogue per language
Wording = Callable[["Voice"], str]  # a text to be said to several chats, each in its own language


def languages_of(books: Books) -> tuple[str, ...]:
    """Every language of books, English first."""
    return (ENGLISH, *sorted(code for code in books if code != ENGLISH))


def english_only() -> Books:
    """No catalogue but the English of `bot.texts` itself (tests that do not care about languages)."""
    return MappingProxyType({ENGLISH: gettext.NullTranslations()})


@dataclass(frozen=True)
class Voice:
    """Translates a text of `bot.texts` into the chat's language, then fills it in for the platform."""

    prefix: str
    language: str
    books: Books

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language Herald speaks, English first."""
        return languages_of(self.books)

    def into(self, language: str) -> "Voice":
        """The same platform in another language (English for one Herald does not speak)."""
        return replace(self, language=language if language in self.books else ENGLISH)

    def with_prefix(self, prefix: str) -> "Voice":
        """The same language, naming commands as another platform does."""
        return replace(self, prefix=prefix)

    def text(self, message: str) -> str:
        """A text translated, not filled in (a catalogue entry missing from this language stays English)."""
        if isinstance(message, Phrase) and message.context:
            return self._book.pgettext(message.context, message)
        return self._book.gettext(message) if message else message  # gettext("") is the catalogue's header

    def fill(self, template: str, **values: object) -> str:
        """A template translated, as HTML: `{p}` becomes the prefix, phrases are translated, values escaped."""
        return fill(self.text(template), self.prefix, **self._values(values))

    def plural(self, template: Plural, count: int, **values: object) -> str:
        """A counted template in the form the language uses for count, filled in with count and values."""
        chosen = self._book.ngettext(template.one, template.other, count)
        return fill(chosen, self.prefix, count=count, **self._values(values))

    def plain(self, template: str, **values: object) -> str:
        """A template translated and filled in as plain text (a button's label), nothing escaped."""
        plain = {name: str(value) for name, value in self._values(values).items()}
        return self.text(template).format(p=self.prefix, **plain)

    def date(self, value: date) -> str:
        """A date as the language writes it in a news frame (16 January 2026, 16 января 2026)."""
        try:
            return format_date(value, self.text(texts.DATE_FORMAT), locale=self.language)
        except (ValueError, AttributeError, KeyError):  # a catalogue's broken pattern (its test reports it): the
            return format_date(value, texts.DATE_FORMAT, locale=self.language)  # frame still goes out

    def decimal(self, value: float, pattern: str = "0.0") -> str:
        """A number with the language's decimal sign."""
        return format_decimal(value, pattern, locale=self.language)

    def language_name(self, code: str, own: bool = False) -> str:
        """A language's name in this voice's language, or in its own (`own`, capitalised: how a reader finds it)."""
        name = Locale.parse(code).get_display_name(code if own else self.language) or code
        return name[:1].upper() + name[1:] if own else name

    @property
    def _book(self) -> gettext.NullTranslations:
        return self.books.get(self.language) or self.books[ENGLISH]

    def _values(self, values: Mapping[str, object]) -> dict[str, object]:
        """Phrases of `bot.texts` given as values are translated with the text they go in."""
        return {name: self.text(value) if isinstance(value, Phrase) else value for name, value in values.items()}
