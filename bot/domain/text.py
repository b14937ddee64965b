"""Text measuring and cutting in Telegram's units (UTF-16 code units) and HTML escaping."""

import html
import re

ELLIPSIS = "…"
BEFORE_CUT = " \n,;:–—-"  # what a cut text doesn't end with before its ellipsis
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s+")
_BARE_URL = re.compile(r"(?<![\w@./:-])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_OPENING = re.compile(r"(?:https?://|www\.)[^\s<>\"]", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'’”»…"  # punctuation after an address ends the sentence, as Telegram reads it


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP count two."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def escape(text: str) -> str:
    """Escape text for Telegram and Matrix HTML (only &, < and >)."""
    return html.escape(text, quote=False)


class Html(str):
    """Text that is HTML already, such as a fragment filled from another template: `fill` keeps it as it is."""

    __slots__ = ()


def fill(template: str, prefix: str, **values: object) -> str:
    """A template of `bot.texts` as HTML: `{p}` becomes the platform's command prefix, values are escaped."""
    safe = {name: value if isinstance(value, Html) else escape(str(value)) for name, value in values.items()}
    return template.format(p=prefix, **safe)


def escape_attr(text: str) -> str:
    """Escape an attribute value."""
    return html.escape(text, quote=True)


def visible_text(markup: str) -> str:
    """The text a reader sees once our own HTML is parsed (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", markup))


def visible_len(markup: str) -> int:
    """Length of our own HTML after entity parsing, in UTF-16 units."""
    return utf16_len(visible_text(markup))


def bare_urls(text: str) -> list[tuple[int, int]]:
    """Where text has an address that Telegram would link (`https://…`, `www.…`), without closing punctuation."""
    found = []
    for match in _BARE_URL.finditer(text):
        url = match[0]
        while url and (url[-1] in _URL_TRAILING or (url[-1] in ")]" and url.count(url[-1]) > _opened(url))):
            url = url[:-1]
        if _URL_OPENING.match(url):
            found.append((match.start(), match.start() + len(url)))
    return found


def _opened(url: str) -> int:
    """How many brackets like the last one's url opens (`wiki/Foo_(bar)` keeps its own closing one)."""
    return url.count("(" if url[-1] == ")" else "[")


def prefix_within(text: str, budget: int) -> str:
    """The longest prefix of text that fits in budget UTF-16 units (never splitting a character)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > budget:
            return text[:index]
    return text


def fit(text: str, budget: int) -> str:
    """Return text whole if it fits, else cut at a sentence or word boundary and end it with an ellipsis."""
    end, mark = cut_point(text, budget)
    return text[:end] + mark


def cut_point(text: str, budget: int) -> tuple[int, str]:
    """Where `fit` cuts text for budget units, and the mark that ends it there (" …", "…", or "" when whole)."""
    if utf16_len(text) <= budget:
        return len(text), ""
    if budget <= 0:
        return 0, ""
    window = prefix_within(text, budget - 1)  # room for the ellipsis
    sentence_ends = [match.end() for match in _SENTENCE_END.finditer(window)]
    if sentence_ends and sentence_ends[-1] >= len(window) // 2:
        return len(window[: sentence_ends[-1]].rstrip()), " " + ELLIPSIS
    space = max(window.rfind(" "), window.rfind("\n"))
    if space >= len(window) // 2:
        window = window[:space]
    return len(window.rstrip(BEFORE_CUT)), ELLIPSIS


def best_cut(head: str) -> int:
    """Where to cut a too-long piece: after the last sentence end, else the last space, else hard."""
    sentence_ends = [match.end() for match in _SENTENCE_END.finditer(head)]
    if sentence_ends and sentence_ends[-1] >= len(head) // 2:
        return sentence_ends[-1]
    space = head.rfind(" ")
    return space if space >= len(head) // 2 else len(head)
