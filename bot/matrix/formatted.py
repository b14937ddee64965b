"""A Matrix `formatted_body` as Herald's formatted text: a strict reading that keeps only the formatting Herald
supports; any other tag is dropped and its text kept, so no markup of the sender's ever passes through."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bot.domain.rich import Kind, Rich, Span, safe_url

HTML_FORMAT = "org.matrix.custom.html"
TAGS = {
    "b": Kind.BOLD,
    "strong": Kind.BOLD,
    "i": Kind.ITALIC,
    "em": Kind.ITALIC,
    "u": Kind.UNDERLINE,
    "s": Kind.STRIKE,
    "del": Kind.STRIKE,
    "strike": Kind.STRIKE,
    "code": Kind.CODE,
    "pre": Kind.PRE,
    "blockquote": Kind.QUOTE,
}
BLOCKS = {"p", "div", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "tr", "table", "hr"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
Attributes = list[tuple[str, str | None]]
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's own: a no-break space is text


@dataclass
class _Open:
    """An element whose end tag has not come yet."""

    tag: str
    start: int
    kind: Kind | None
    url: str | None = None
    language: str | None = None


@dataclass
class _State:
    text: list[str] = field(default_factory=list)
    length: int = 0
    tail: str = ""  # the text's last two characters
    spans: list[Span] = field(default_factory=list)
    open: list[_Open] = field(default_factory=list)
    skipping: int = 0  # depth inside <mx-reply>, the quoted message a reply repeats
    space: bool = False  # whitespace after the last text: one space if more text follows on the same line


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.state = _State()

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        state = self.state
        if tag == "mx-reply" or state.skipping:
            state.skipping += tag == "mx-reply"
            return
        if tag == "br":
            state.space = False
            self._add("\n")
        elif tag in BLOCKS:
            self._break(paragraph=tag == "p")
        else:
            self._space()  # before the element: `a <b>b</b>` is bold on `b` alone
        if tag == "code" and state.open and state.open[-1].tag == "pre":
            state.open[-1].language = _language(attrs) or state.open[-1].language
            return  # the code element of a code block: its language is the block's
        kind, url = _kind(tag, dict(attrs))
        if tag not in VOID:
            state.open.append(_Open(tag, state.length, kind, url))

    def handle_endtag(self, tag: str) -> None:
        state = self.state
        if state.skipping:
            state.skipping -= tag == "mx-reply"
            return
        while any(element.tag == tag for element in state.open):  # none for a stray end tag
            element = state.open.pop()
            if element.kind is not None:
                state.spans.append(Span(element.kind, element.start, state.length, element.url, element.language))
            if element.tag == tag:
                break
        if tag in BLOCKS and tag not in VOID:
            self._break(paragraph=tag == "p")  # after the element: the line break is not its text

    def handle_data(self, data: str) -> None:
        if self.state.skipping:
            return
        if any(element.kind == Kind.PRE for element in self.state.open):
            self._add(data)  # a code block's whitespace is its own
            return
        words = _WHITESPACE.sub(" ", data)  # HTML shows a run of whitespace as one space
        self.state.space |= words.startswith(" ")
        if words.strip(" "):
            self._space()
            self._add(words.strip(" "))
            self.state.space = words.endswith(" ")

    def _space(self) -> None:
        """The pending space, unless the line is empty so far or ends with a space already."""
        state = self.state
        if state.space and state.length and not state.tail.endswith(("\n", " ")):
            self._add(" ")
        state.space = False

    def _break(self, paragraph: bool) -> None:
        """A line break (a blank line for a paragraph) unless the text is empty or ends with one already."""
        tail = self.state.tail
        self.state.space = False  # whitespace at a line's end: HTML shows none
        wanted = "\n\n" if paragraph else "\n"
        if self.state.length and not tail.endswith(wanted):
            self._add(wanted[len(tail) - len(tail.rstrip("\n")) :])

    def _add(self, data: str) -> None:
        if not data or (data == "\n" and not self.state.length):
            return  # a break before any text is no line of the message
        state = self.state
        state.text.append(data)
        state.length += len(data)
        state.tail = (state.tail + data)[-2:]


def _kind(tag: str, attrs: dict[str, str | None]) -> tuple[Kind | None, str | None]:
    """The formatting an element stands for, and a link's address (links with other schemes are plain text)."""
    if tag == "a":
        url = safe_url(attrs.get("href"))
        return (Kind.LINK, url) if url else (None, None)
    if tag == "span" and "data-mx-spoiler" in attrs:
        return Kind.SPOILER, None
    return TAGS.get(tag), None


def _language(attrs: Attributes) -> str | None:
    classes = (dict(attrs).get("class") or "").split()
    return next((name.removeprefix("language-") for name in classes if name.startswith("language-")), None)


def parse_formatted(markup: str) -> Rich:
    """The text and the supported formatting of a `formatted_body`."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    state = reader.state
    while state.open:
        reader.handle_endtag(state.open[-1].tag)  # elements left open end with the message
    return Rich.of("".join(state.text), state.spans)


def formatted_of(content: dict[str, object]) -> Rich | None:
    """The formatted text of an event's content, or None when it carries no HTML."""
    markup = content.get("formatted_body")
    if content.get("format") != HTML_FORMAT or not isinstance(markup, str):
        return None
    return parse_formatted(markup)
