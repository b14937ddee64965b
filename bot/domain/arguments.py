"""Reading command arguments, the same on every platform."""

import shlex
from collections.abc import Sequence

from bot import texts
from bot.domain.errors import UserError


def split_words(text: str | None) -> list[str]:
    """A command's arguments, split at spaces and commas; quotes keep `United Kingdom` together."""
    try:
        parts = shlex.split((text or "").replace(",", " ").replace("“", '"').replace("”", '"'))
    except ValueError:
        raise UserError(texts.QUOTE_NOT_CLOSED) from None
    return [part for part in parts if part]


def join_words(words: Sequence[str]) -> str:
    """Words as a command line that `split_words` reads back as the same words: quoted when they hold spaces."""
    return " ".join(_quoted(word) for word in words)


def _quoted(word: str) -> str:
    if not any(char.isspace() or char in "\"'\\" for char in word):
        return word
    return f'"{word}"' if '"' not in word and "\\" not in word else shlex.quote(word)


MAX_NUMBER = 2**63 - 1  # the largest id a database column holds


def is_number(text: str) -> bool:
    """ASCII digits only: `isdigit` also takes superscripts and other scripts' digits, which `int` refuses."""
    return text.isascii() and text.isdigit()


def number(text: str, what: str) -> int:
    """A whole number an id can be, or a UserError naming what was expected."""
    digits = text.removeprefix("#")
    if not is_number(digits):
        raise UserError(texts.NOT_A_NUMBER, what=what, text=text[:40])
    if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
        raise UserError(texts.NUMBER_TOO_LARGE, what=what, text=text[:40])
    return int(digits)


def latest_args(args: list[str], default: int) -> tuple[str | None, int]:
    """`[REGION …] [N]` of /latest: the region (words joined) and how many posts."""
    count = number(args.pop(), texts.HOW_MANY) if args and is_number(args[-1]) else default
    return " ".join(args) or None, count


def edit_args(text: str | None, usage: str) -> tuple[int, str]:
    """`/edit ID` followed by the new title line and body (on the same line or the next)."""
    parts = (text or "").split(maxsplit=1)
    if len(parts) < 2:
        raise UserError(usage)
    return number(parts[0], texts.POST_ID), parts[1]
