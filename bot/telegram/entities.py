"""Telegram's message entities as Herald's formatted text: kinds mapped, UTF-16 offsets turned into code points."""

from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate

from aiogram.types import MessageEntity

from bot.domain.rich import Kind, Rich, Span

KINDS = {
    "bold": Kind.BOLD,
    "italic": Kind.ITALIC,
    "underline": Kind.UNDERLINE,
    "strikethrough": Kind.STRIKE,
    "spoiler": Kind.SPOILER,
    "code": Kind.CODE,
    "pre": Kind.PRE,
    "blockquote": Kind.QUOTE,
    "expandable_blockquote": Kind.EXPANDABLE,
    "text_link": Kind.LINK,
    "url": Kind.URL,
}  # mentions, hashtags, commands and the like are Telegram's own to detect again: their text is kept


def code_points(text: str) -> list[int]:
    """The UTF-16 offset at which each code point of text starts, and the text's end."""
    return [0, *accumulate(2 if ord(char) > 0xFFFF else 1 for char in text)]


def rich_of(text: str, entities: Sequence[MessageEntity] | None) -> Rich:
    """The text with the formatting of the entities Herald keeps."""
    offsets = code_points(text)
    spans = [
        Span(KINDS[entity.type], _index(offsets, entity.offset), _index(offsets, entity.offset + entity.length),
             entity.url, entity.language)
        for entity in entities or ()
        if entity.type in KINDS
    ]  # fmt: skip
    return Rich.of(text, spans)


def _index(offsets: list[int], units: int) -> int:
    """The code point at a UTF-16 offset (one inside a surrogate pair moves to the next character)."""
    return min(bisect_left(offsets, units), len(offsets) - 1)
