"""Which language a reader asks for: `language ru`, or `lang=ru` among a command's arguments."""

from collections.abc import Sequence

from babel import Locale

from bot import texts
from bot.domain.errors import UserError
from bot.domain.voice import ENGLISH, Voice

LANG_ARGUMENT = "lang="
SHOWN_CODE = 20  # a long bad code is cut in the error: it is quoted back, not read


class UnknownLanguage(UserError):
    """A language Herald does not speak; the error lists those it does, each by its own name."""

    def __init__(self, code: str) -> None:
        super().__init__(texts.UNKNOWN_LANGUAGE, code=code[:SHOWN_CODE], choices="")
        self.code = code[:SHOWN_CODE]

    def render(self, voice: Voice) -> str:
        return voice.fill(texts.UNKNOWN_LANGUAGE, code=self.code, choices=options(voice))


def options(voice: Voice) -> str:
    """Every language Herald speaks: `en (English), ru (Русский)`."""
    return ", ".join(
        voice.plain(texts.LANGUAGE_OPTION, code=code, name=voice.language_name(code, own=True))
        for code in voice.languages
    )


def parse_language(text: str, languages: Sequence[str]) -> str:
    """The language text names, by its code or its name in English or in itself (`ru`, `Russian`, `русский`);
    an UnknownLanguage error for any other."""
    wanted = text.strip().casefold()
    for code in languages:
        locale = Locale.parse(code)
        names = {str(locale.get_display_name(name)).casefold() for name in {*languages, ENGLISH}}
        if wanted in names or base_language(wanted) == code:
            return code
    raise UnknownLanguage(text.strip())


def base_language(code: str | None) -> str | None:
    """The language of a platform's language code (`ru` for `ru-RU` or `ru_RU`), whether Herald speaks it or not;
    None when the platform reported none."""
    return code.replace("_", "-").split("-")[0].lower() if code else None


def split_language(words: Sequence[str], languages: Sequence[str]) -> tuple[list[str], str | None]:
    """The words without a `lang=xx` among them, and the language it names (None when there is none)."""
    rest = [word for word in words if not word.lower().startswith(LANG_ARGUMENT)]
    given = [word[len(LANG_ARGUMENT) :] for word in words if word.lower().startswith(LANG_ARGUMENT)]
    return rest, parse_language(given[-1], languages) if given else None
