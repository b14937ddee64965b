"""Formatted text as HTML: Telegram's parse mode or Matrix's `org.matrix.custom.html`. The text is always escaped;
only spans become tags, so an admin's `<`, `>` and `&` arrive as written."""

import re
from enum import StrEnum

from bot.domain.rich import Kind, Rich, Span, url_href
from bot.domain.text import bare_urls, escape, escape_attr, visible_text

_START_TAG = re.compile(r"<(?!/)(?!code class=)")  # a code tag with a language is part of its code block
_INERT = re.compile(r"<(a|code|pre)\b[^>]*>.*?</\1>", re.DOTALL)  # Telegram finds nothing in a link or code
_FOUND = re.compile(r"(?<![\w#/@$])[#/@$]\w")  # hashtags, bot commands, mentions, cashtags (generously)


class Flavour(StrEnum):
    """Whose HTML."""

    TELEGRAM = "telegram"
    MATRIX = "matrix"


_NAMES = {
    Kind.BOLD: "b", Kind.ITALIC: "i", Kind.UNDERLINE: "u", Kind.CODE: "code", Kind.PRE: "pre",
    Kind.QUOTE: "blockquote", Kind.EXPANDABLE: "blockquote", Kind.LINK: "a", Kind.URL: "a",
}  # fmt: skip
_OWN_NAMES = {
    Flavour.TELEGRAM: {Kind.STRIKE: "s", Kind.SPOILER: "tg-spoiler"},
    Flavour.MATRIX: {Kind.STRIKE: "del", Kind.SPOILER: "span"},  # `del` is in every version of Matrix's tag list
}


def entity_count(markup: str) -> int:
    """How many entities Telegram makes of Herald's own HTML: one per start tag (a code block is one), and those it
    finds in the text itself (the header's `#UK`, the footer's `/read 42`, addresses), all within its 100."""
    loose = visible_text(_INERT.sub(" ", markup))
    return len(_START_TAG.findall(markup)) + len(_FOUND.findall(loose)) + len(bare_urls(loose))


def found_in(text: str) -> int:
    """How many hashtags, commands, mentions and cashtags Telegram may find itself in a body's text (its addresses
    are links already); those inside code counted too, generously."""
    return len(_FOUND.findall(text))


def to_html(rich: Rich, flavour: Flavour) -> str:
    """The formatted text as HTML of that flavour (the spans must be well nested, as `Rich.of` makes them)."""
    out: list[str] = []
    stack: list[Span] = []
    position = 0
    for span in rich.spans:
        position = _close_before(rich.text, span.start, stack, out, position, flavour)
        out.append(escape(rich.text[position : span.start]) + _open(span, rich.text, flavour))
        stack.append(span)
        position = span.start
    position = _close_before(rich.text, len(rich.text), stack, out, position, flavour)
    return "".join(out) + escape(rich.text[position:])


def _close_before(text: str, at: int, stack: list[Span], out: list[str], position: int, flavour: Flavour) -> int:
    """Close every open span that ends at or before `at`, innermost first; the position reached."""
    while stack and stack[-1].end <= at:
        span = stack.pop()
        out.append(escape(text[position : span.end]) + _close(span, flavour))
        position = span.end
    return position


def _name(span: Span, flavour: Flavour) -> str:
    return _NAMES.get(span.kind) or _OWN_NAMES[flavour][span.kind]


def _open(span: Span, text: str, flavour: Flavour) -> str:
    if span.kind == Kind.PRE and span.language:
        return f'<pre><code class="language-{escape_attr(span.language)}">'
    if span.kind in (Kind.LINK, Kind.URL):
        href = span.url if span.kind == Kind.LINK and span.url else url_href(text[span.start : span.end])
        return f'<a href="{escape_attr(href)}">'
    if span.kind == Kind.EXPANDABLE and flavour == Flavour.TELEGRAM:
        return "<blockquote expandable>"  # Matrix has no such quote: a plain one there
    if span.kind == Kind.SPOILER and flavour == Flavour.MATRIX:
        return "<span data-mx-spoiler>"
    return f"<{_name(span, flavour)}>"


def _close(span: Span, flavour: Flavour) -> str:
    if span.kind == Kind.PRE and span.language:
        return "</code></pre>"
    return f"</{_name(span, flavour)}>"
