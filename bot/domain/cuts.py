"""Cutting text for messages: a formatted body at paragraph, sentence or word boundaries in UTF-16 units, never
inside a plain URL, each piece keeping the formatting of its own text; Herald's own HTML replies between lines."""

import re

from bot.domain.rich import MAX_SPANS, QUOTES, Kind, Rich
from bot.domain.text import (
    BEFORE_CUT,
    best_cut,
    cut_point,
    escape,
    prefix_within,
    utf16_len,
    visible_len,
    visible_text,
)

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


def split_long(paragraph: Rich, limit: int, most_spans: int = MAX_SPANS) -> list[Rich]:
    """One paragraph as pieces of at most limit units and most_spans spans, cut at sentence, then word, ends;
    the spans a cut passes through (a long quote's too) are closed before it and opened again after it."""
    pieces: list[Rich] = []
    rest = paragraph
    while utf16_len(rest.text) > limit or len(rest.spans) > most_spans:
        cut = _cut(rest, limit, most_spans)
        pieces.append(rest.slice(0, cut).strip())
        rest = rest.slice(cut).strip()
    if rest.text:
        pieces.append(rest)
    return [piece for piece in pieces if piece.text]


def _cut(rest: Rich, limit: int, most_spans: int) -> int:
    """Where to cut a piece off rest: within limit units, before the span that would be one too many, and never
    inside a plain URL (unless it opens rest: a URL longer than a message is cut as text, its link dropped)."""
    head = prefix_within(rest.text, limit)
    if len(rest.spans) > most_spans and rest.spans[most_spans].start > 0:
        head = head[: rest.spans[most_spans].start]
    cut = best_cut(head)
    url = rest.link_around(cut)
    cut = url.start if url is not None and url.start > 0 else cut
    return cut if cut > 0 else max(len(head), 1)  # each turn takes something off


def chunk(paragraphs: list[Rich], limit: int, most_spans: int) -> list[Rich]:
    """Group paragraphs into chunks of at most limit units and, where a paragraph allows, most_spans spans."""
    chunks: list[list[Rich]] = []
    length = 0  # of the last chunk, in UTF-16 units
    for piece in (piece for paragraph in paragraphs for piece in split_long(paragraph, limit, most_spans)):
        size = utf16_len(piece.text)
        spans = sum(len(part.spans) for part in chunks[-1]) + len(piece.spans) if chunks else 0
        if chunks and length + 2 + size <= limit and spans <= most_spans:
            chunks[-1].append(piece)
            length += 2 + size
        else:
            chunks.append([piece])
            length = size
    return [Rich.join("\n\n", parts) for parts in chunks]


def split_lines(markup: str, limit: int) -> list[str]:
    """Our own HTML as messages of at most limit visible UTF-16 units, cut between lines; a line longer than a
    message is cut at sentences or words, as plain text (its few tags dropped rather than cut in half)."""
    lines: list[str] = []
    for line in markup.split("\n"):
        if visible_len(line) <= limit:
            lines.append(line)
        else:
            lines += [escape(piece.text) for piece in split_long(Rich.plain(visible_text(line)), limit)]
    chunks: list[str] = []
    for line in lines:
        if chunks and visible_len(chunks[-1]) + 1 + visible_len(line) <= limit:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return chunks
