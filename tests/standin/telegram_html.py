"""Telegram's HTML parse mode, checked as strictly as the Bot API does."""

import html
import re

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*>")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")


class ParseError(ValueError):
    """What the Bot API answers: `Bad Request: can't parse entities: ...`."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse(markup: str) -> tuple[str, int]:
    """The visible text and the number of entities of Telegram HTML; ParseError when Telegram would refuse."""
    out: list[str] = []
    stack: list[str] = []
    entities = 0
    position = 0
    while position < len(markup):
        char = markup[position]
        if char == "<":
            position, entities = _tag(markup, position, stack, entities)
        elif char == "&":
            position = _entity(markup, position, out)
        else:
            if char == ">":
                raise ParseError(f"can't parse entities: unexpected '>' at byte offset {position}")
            out.append(char)
            position += 1
    if stack:
        raise ParseError(f"can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out), entities


def _tag(markup: str, position: int, stack: list[str], entities: int) -> tuple[int, int]:
    match = _TAG.match(markup, position)
    if match is None:
        raise ParseError(f"can't parse entities: unsupported start tag at byte offset {position}")
    closing, name, attributes = match[1] == "/", match[2].lower(), match[3]
    if name not in ALLOWED:
        raise ParseError(f'can\'t parse entities: unsupported start tag "{name}" at byte offset {position}')
    if closing:
        if not stack or stack[-1] != name:
            raise ParseError(f'can\'t parse entities: unexpected end tag "{name}" at byte offset {position}')
        stack.pop()
        return match.end(), entities
    if name == "a" and "href" not in attributes:
        raise ParseError("can't parse entities: a tag without href")
    if name == "span" and "tg-spoiler" not in attributes:
        raise ParseError("can't parse entities: span without class tg-spoiler")
    stack.append(name)
    return match.end(), entities + 1


def _entity(markup: str, position: int, out: list[str]) -> int:
    match = _ENTITY.match(markup, position)
    if match is None:
        raise ParseError(f"can't parse entities: unsupported entity at byte offset {position}")
    name = match[1]
    if name.startswith("#"):
        out.append(html.unescape(match[0]))
    elif name in NAMED_ENTITIES:
        out.append(NAMED_ENTITIES[name])
    else:
        raise ParseError(f'can\'t parse entities: unsupported HTML entity "&{name};"')
    return match.end()
