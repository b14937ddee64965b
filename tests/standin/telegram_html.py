"""Telegram's HTML parse mode, checked as strictly as the Bot API does."""

import html
import re
from typing import Any

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
TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "a": "text_link", "code": "code",
    "pre": "pre", "blockquote": "blockquote", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
QUOTES = {"blockquote", "expandable_blockquote"}
_ATTRIBUTE = r"\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?"
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:{_ATTRIBUTE})*)\s*>")
_ATTRIBUTES = re.compile(r"\s+([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
Entity = dict[str, Any]


class ParseError(ValueError):
    """What the Bot API answers: `Bad Request: can't parse entities: ...`."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse(markup: str) -> tuple[str, int]:
    """The visible text and the number of entities of Telegram HTML; ParseError when Telegram would refuse."""
    text, entities = parse_entities(markup)
    return text, len(entities)


def parse_entities(markup: str) -> tuple[str, list[Entity]]:
    """The visible text and the entities (offsets in UTF-16 units, as the Bot API gives them) of Telegram HTML;
    ParseError when Telegram would refuse it."""
    reader = _Reader()
    position = 0
    while position < len(markup):
        char = markup[position]
        if char == "<":
            position = reader.tag(markup, position)
        elif char == "&":
            position = _entity(markup, position, reader)
        else:
            if char == ">":
                raise ParseError(f"can't parse entities: unexpected '>' at byte offset {position}")
            reader.add(char)
            position += 1
    if reader.stack:
        name = reader.stack[-1][0]
        raise ParseError(f"can't parse entities: can't find end tag corresponding to start tag \"{name}\"")
    return "".join(reader.out), sorted(reader.entities, key=lambda entity: entity["offset"])


class _Reader:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.units = 0
        self.stack: list[tuple[str, Entity | None]] = []  # the entity None: a code block's own code tag
        self.entities: list[Entity] = []

    def add(self, text: str) -> None:
        self.out.append(text)
        self.units += utf16_len(text)

    def tag(self, markup: str, position: int) -> int:
        match = _TAG.match(markup, position)
        if match is None:
            raise ParseError(f"can't parse entities: unsupported start tag at byte offset {position}")
        closing, name = match[1] == "/", match[2].lower()
        if name not in ALLOWED:
            raise ParseError(f'can\'t parse entities: unsupported start tag "{name}" at byte offset {position}')
        if closing:
            self._close(name, position)
        else:
            self._open(name, _attributes(match[3]))
        return match.end()

    def _open(self, name: str, attributes: dict[str, str]) -> None:
        if name == "a" and "href" not in attributes:
            raise ParseError("can't parse entities: a tag without href")
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise ParseError("can't parse entities: span without class tg-spoiler")
        parent = self.stack[-1][1] if self.stack else None
        if name == "code" and parent is not None and parent["type"] == "pre" and parent["offset"] == self.units:
            language = attributes.get("class", "").removeprefix("language-")
            if language and attributes.get("class", "").startswith("language-"):
                parent["language"] = language
            self.stack.append((name, None))  # the code of a code block: one entity with its language
            return
        _check_nesting(TYPES[name], [kind for _, kind in self.stack])
        entity: Entity = {"type": TYPES[name], "offset": self.units}
        if name == "a":
            entity["url"] = attributes["href"]
        if name == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        self.stack.append((name, entity))

    def _close(self, name: str, position: int) -> None:
        if not self.stack or self.stack[-1][0] != name:
            raise ParseError(f'can\'t parse entities: unexpected end tag "{name}" at byte offset {position}')
        entity = self.stack.pop()[1]
        if entity is not None:
            entity["length"] = self.units - entity["offset"]
            self.entities.append(entity)


def _check_nesting(kind: str, ancestors: list[Entity | None]) -> None:
    """Telegram's nesting rules: nothing inside code, no link or code inside a link, no quote inside a quote."""
    outer = {entity["type"] for entity in ancestors if entity is not None}
    if outer & {"code", "pre"}:
        raise ParseError(f"can't parse entities: {kind} inside code")
    if kind in {"text_link", "code", "pre"} and "text_link" in outer:
        raise ParseError(f"can't parse entities: {kind} inside a link")
    if kind in QUOTES and outer & QUOTES:
        raise ParseError("can't parse entities: a blockquote inside a blockquote")


def _attributes(source: str) -> dict[str, str]:
    return {
        match[1].lower(): html.unescape(next((v for v in match.groups()[1:] if v is not None), ""))
        for match in _ATTRIBUTES.finditer(source)
    }


def _entity(markup: str, position: int, reader: _Reader) -> int:
    match = _ENTITY.match(markup, position)
    if match is None:
        raise ParseError(f"can't parse entities: unsupported entity at byte offset {position}")
    name = match[1]
    if name.startswith("#"):
        reader.add(html.unescape(match[0]))
    elif name in NAMED_ENTITIES:
        reader.add(NAMED_ENTITIES[name])
    else:
        raise ParseError(f'can\'t parse entities: unsupported HTML entity "&{name};"')
    return match.end()
