"""Cutting formatted text for messages: at paragraph, sentence or word boundaries in UTF-16 units, never inside a
plain URL, each piece keeping the formatting of its own text."""

import re

from bot.domain.rich import Kind, Rich
from bot.domain.text import best_cut, cut_point, prefix_within, utf16_len

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(body: Rich) -> list[Rich]:
    """Blocks separated by blank lines (not those inside a code block), trimmed, empty ones dropped."""
    body = body.without_returns()
    blocks = [(span.start, span.end) for span in body.spans if span.kind == Kind.PRE]
    pieces, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body.text):
        if not any(low < match.end() and match.start() < high for low, high in blocks):
            pieces.append(body.slice(start, match.start()))
            start = match.end()
    pieces.append(body.slice(start))
    return [piece for piece in (piece.strip() for piece in pieces) if piece.text.strip()]


def before_url(rich: Rich, end: int) -> int:
    """A cut at end, moved before the plain URL it would pass through (and the spaces before that)."""
    url = rich.link_around(end)
    if url is None or url.start == 0:
        return end  # a URL longer than a whole message is cut as text: slicing drops its link
    return len(rich.text[: url.start].rstrip())


def fit_rich(rich: Rich, budget: int) -> Rich:
    """The whole text if it fits in budget units, else cut at a sentence or word boundary with an ellipsis;
    spans that the cut passes through are closed at it."""
    end, mark = cut_point(rich.text, budget)
    if not mark:
        return rich.slice(0, end)
    return rich.slice(0, before_url(rich, end)) + mark


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
