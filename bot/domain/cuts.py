"""Cutting formatted text for messages: at paragraph, sentence or word boundaries in UTF-16 units, never inside a
plain URL, each piece keeping the formatting of its own text."""

import re

from bot.domain.rich import QUOTES, Kind, Rich
from bot.domain.text import BEFORE_CUT, best_cut, cut_point, prefix_within, utf16_len

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(body: Rich) -> list[Rich]:
    """Blocks separated by blank lines (not those inside a code block or a quote), trimmed, empty ones dropped."""
    body = body.without_returns()
    blocks = [(span.start, span.end) for span in body.spans if span.kind in QUOTES | {Kind.PRE}]
    pieces, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body.text):
        if not any(low < match.end() and match.start() < high for low, high in blocks):
            pieces.append(body.slice(start, match.start()))
            start = match.end()
    pieces.append(body.slice(start))
    return [piece for piece in (piece.strip() for piece in pieces) if piece.text.strip()]


def before_url(rich: Rich, end: int) -> int:
    """A cut at end, moved before the plain URL it would pass through (and the spaces and commas before that): a
    cut address would still be linked by Telegram, to the wrong place. 0 when the URL opens the text."""
    url = rich.link_around(end)
    return end if url is None else len(rich.text[: url.start].rstrip(BEFORE_CUT))


def fit_rich(rich: Rich, budget: int) -> Rich:
    """The whole text if it fits in budget units, else cut at a sentence or word boundary with an ellipsis;
    spans that the cut passes through are closed at it. Empty when nothing is left before a URL that doesn't
    fit."""
    end, mark = cut_point(rich.text, budget)
    if not mark:
        return rich.slice(0, end)
    kept = before_url(rich, end)
    if not rich.text[:kept].strip():
        return Rich("")
    return rich.slice(0, kept) + (mark if kept == end else " …")  # a space apart from the address left out


def split_long(paragraph: Rich, limit: int) -> list[Rich]:
    """One paragraph as pieces of at most limit units, cut at sentence, then word, ends."""
    pieces: list[Rich] = []
    rest = paragraph
    while utf16_len(rest.text) > limit:
        head = prefix_within(rest.text, limit)
        cut = best_cut(head)
        url = rest.link_around(cut)
        cut = url.start if url is not None and url.start > 0 else cut
        pieces.append(rest.slice(0, cut).strip())
        rest = rest.slice(cut).strip()
    if rest.text:
        pieces.append(rest)
    return [piece for piece in pieces if piece.text]


def chunk(paragraphs: list[Rich], limit: int, most_spans: int) -> list[Rich]:
    """Group paragraphs into chunks of at most limit units and, where a paragraph allows, most_spans spans."""
    chunks: list[list[Rich]] = []
    length = 0  # of the last chunk, in UTF-16 units
    for piece in (piece for paragraph in paragraphs for piece in split_long(paragraph, limit)):
        size = utf16_len(piece.text)
        spans = sum(len(part.spans) for part in chunks[-1]) + len(piece.spans) if chunks else 0
        if chunks and length + 2 + size <= limit and spans <= most_spans:
            chunks[-1].append(piece)
            length += 2 + size
        else:
            chunks.append([piece])
            length = size
    return [Rich.join("\n\n", parts) for parts in chunks]
