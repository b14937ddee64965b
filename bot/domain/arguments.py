"""Reading command arguments, the same on every platform."""

import shlex

from bot import texts
from bot.domain.errors import UserError


def split_words(text: str | None) -> list[str]:
    """A command's arguments, split at spaces and commas; quotes keep `United Kingdom` together."""
    try:
        parts = shlex.split((text or "").replace(",", " ").replace("“", '"').replace("”", '"'))
    except ValueError:
        raise UserError(texts.QUOTE_NOT_CLOSED) from None
    return [part for part in parts if part]


def number(text: str, what: str) -> int:
    """A positive whole number, or a UserError naming what was expected."""
    if not text.lstrip("#").isdigit():
        raise UserError(texts.NOT_A_NUMBER, what=what, text=text[:40])
    return int(text.lstrip("#"))


def latest_args(args: list[str], default: int) -> tuple[str | None, int]:
    """`[REGION …] [N]` of /latest: the region (words joined) and how many posts."""
    count = int(args.pop()) if args and args[-1].isdigit() else default
    return " ".join(args) or None, count


def edit_args(text: str | None, usage: str) -> tuple[int, str]:
    """`/edit ID` followed by the new title line and body (on the same line or the next)."""
    parts = (text or "").split(maxsplit=1)
    if len(parts) < 2:
        raise UserError(usage)
    return number(parts[0], "The post id"), parts[1]
