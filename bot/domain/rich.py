"""Formatted text, platform-neutral: the visible text and its spans of formatting, in code-point offsets."""

import heapq
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.domain.text import bare_urls

MAX_SPANS = 100  # Telegram shows about 100 entities per message: rendering keeps each message within it
MAX_STORED_SPANS = 5_000  # a long body's formatting is shown across several /read messages, 100 in each
LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,32}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class Kind(StrEnum):
    """A kind of formatting Herald keeps."""

    BOLD = "bold"
    ITALIC = "italic"
    UNDERLINE = "underline"
    STRIKE = "strike"
    SPOILER = "spoiler"
    CODE = "code"
    PRE = "pre"
    QUOTE = "blockquote"
    EXPANDABLE = "expandable_blockquote"
    LINK = "link"  # a text link: visible text with a url of its own
    URL = "url"  # a plain URL: the visible text is the address


STYLES = frozenset({Kind.BOLD, Kind.ITALIC, Kind.UNDERLINE, Kind.STRIKE, Kind.SPOILER})
QUOTES = frozenset({Kind.QUOTE, Kind.EXPANDABLE})
LINKS = frozenset({Kind.LINK, Kind.URL})
CODES = frozenset({Kind.CODE, Kind.PRE})
# Which span wraps which when two cover the same text: quotes outermost, code innermost.
_RANK = {kind: rank for rank, kind in enumerate(Kind)} | {Kind.QUOTE: -2, Kind.EXPANDABLE: -1, Kind.PRE: 20}
_RANK |= {Kind.CODE: 21}


@dataclass(frozen=True)
class Span:
    """Formatting over text[start:end]; url for a text link, language for a code block."""

    kind: Kind
    start: int
    end: int
    url: str | None = None
    language: str | None = None

    def shifted(self, by: int) -> "Span":
        """The same span, by code points further on."""
        return replace(self, start=self.start + by, end=self.end + by)

    def order(self) -> tuple[int, int, int]:
        """Sort key: by start, the wider span first (it is the outer one), then by kind."""
        return (self.start, -self.end, _RANK[self.kind])


def safe_url(url: str | None) -> str | None:
    """A link's address when its scheme is one Herald passes on (http, https, tg, mailto); None otherwise."""
    cleaned = (url or "").strip()
    return cleaned if cleaned.lower().startswith(LINK_SCHEMES) and len(cleaned) <= 2048 else None


def url_href(text: str) -> str:
    """Where a plain URL points: as written, or over http when it names no scheme (`example.org/x`)."""
    return text if _SCHEME.match(text) else f"http://{text}"


@dataclass(frozen=True)
class Rich:
    """Text with well-nested spans of formatting (build it with `Rich.of`, which makes them so)."""

    text: str
    spans: tuple[Span, ...] = ()

    @classmethod
    def plain(cls, text: str) -> "Rich":
        """Text without formatting."""
        return cls(text)

    @classmethod
    def of(cls, text: str, spans: Iterable[Span]) -> "Rich":
        """Text with its spans validated: clipped to the text, empty or unsafe ones dropped, crossing or
        forbidden nestings resolved as Telegram does, at most MAX_STORED_SPANS kept; a bare URL that no span
        marks (plain text, HTML without <a>, bodies stored before URLs were marked) gets a plain-URL span."""
        return cls(text, _with_bare_urls(text, _normalised(text, spans)))

    def to_json(self) -> list[dict[str, object]]:
        """The spans as stored in `posts.body_spans`."""
        return [_span_json(span) for span in self.spans]

    @classmethod
    def from_json(cls, text: str, data: object) -> "Rich":
        """The text with stored spans; anything malformed in them is left out."""
        items = data if isinstance(data, list) else []
        return cls.of(text, (span for item in items if (span := _span_of(item)) is not None))

    def __add__(self, other: "Rich | str") -> "Rich":
        right = other if isinstance(other, Rich) else Rich(other)
        shift = len(self.text)
        return Rich(self.text + right.text, self.spans + tuple(span.shifted(shift) for span in right.spans))

    def slice(self, start: int, end: int | None = None) -> "Rich":
        """text[start:end] with the spans clipped to it; a plain URL that is cut loses its link."""
        start, end = _bounds(len(self.text), start, end)
        kept = []
        for span in self.spans:
            if span.start >= end:
                break  # spans are in order of their start
            low, high = max(span.start, start), min(span.end, end)
            whole = span.start >= start and span.end <= end
            if low < high and (whole or span.kind != Kind.URL):
                kept.append(replace(span, start=low - start, end=high - start))
        return Rich(self.text[start:end], tuple(kept))

    def strip(self) -> "Rich":
        """Without leading and trailing whitespace, except in a code block where it is part of the code."""
        start, end = 0, len(self.text)
        while start < end and self.text[start].isspace() and not self.in_pre(start):
            start += 1
        while end > start and self.text[end - 1].isspace() and not self.in_pre(end - 1):
            end -= 1
        return self.slice(start, end)

    def in_pre(self, index: int) -> bool:
        """Whether text[index] is inside a code block."""
        return any(
            span.kind == Kind.PRE and span.start <= index < span.end for span in self.spans[: _upto(self, index)]
        )

    def link_around(self, index: int) -> Span | None:
        """The plain URL that a cut at index would pass through, if any."""
        return next((s for s in self.spans if s.kind == Kind.URL and s.start < index < s.end), None)

    def trimmed(self, most: int) -> "Rich":
        """At most `most` spans, the first ones kept (dropping a span keeps the rest well nested)."""
        return self if len(self.spans) <= most else Rich(self.text, self.spans[: max(most, 0)])

    def without_returns(self) -> "Rich":
        """Without carriage returns (`\\r\\n` line ends), the spans following the text."""
        if "\r" not in self.text:
            return self
        kept = [0]
        for char in self.text:
            kept.append(kept[-1] + (char != "\r"))
        spans = (replace(span, start=kept[span.start], end=kept[span.end]) for span in self.spans)
        return Rich.of(self.text.replace("\r", ""), spans)

    @staticmethod
    def join(separator: str, parts: Sequence["Rich"]) -> "Rich":
        """The parts one after another, separator (plain) between them."""
        spans: list[Span] = []
        shift = 0
        for part in parts:
            spans += (span.shifted(shift) for span in part.spans)
            shift += len(part.text) + len(separator)
        return Rich(separator.join(part.text for part in parts), tuple(spans))


def _upto(rich: Rich, index: int) -> int:
    """How many of the spans (in order of their start) start at or before index."""
    return bisect_right([span.start for span in rich.spans], index)


def _bounds(length: int, start: int, end: int | None) -> tuple[int, int]:
    end = length if end is None else end
    return min(max(start, 0), length), min(max(end, 0), length)


def _span_json(span: Span) -> dict[str, object]:
    item: dict[str, object] = {"kind": span.kind.value, "start": span.start, "end": span.end}
    if span.url is not None:
        item["url"] = span.url
    if span.language is not None:
        item["language"] = span.language
    return item


def _span_of(item: object) -> Span | None:
    """A stored span, or None when it is not one."""
    if not isinstance(item, dict) or item.get("kind") not in set(Kind):
        return None
    start, end, url, language = (item.get(key) for key in ("start", "end", "url", "language"))
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return Span(
        Kind(item["kind"]),
        start,
        end,
        url if isinstance(url, str) else None,
        language if isinstance(language, str) else None,
    )


def _cleaned(text: str, span: Span) -> Span | None:
    """The span clipped to the text with only what its kind may carry; None when nothing is left of it."""
    start, end = _bounds(len(text), span.start, span.end)
    url = safe_url(span.url) if span.kind == Kind.LINK else None
    language = span.language if span.kind == Kind.PRE and _LANGUAGE.fullmatch(span.language or "") else None
    if start >= end or (span.kind == Kind.LINK and url is None):
        return None
    if span.kind == Kind.URL and (safe_url(url_href(text[start:end])) is None or _has_space(text[start:end])):
        return None
    return Span(span.kind, start, end, url, language)


def _has_space(text: str) -> bool:
    return any(char.isspace() for char in text)


def _normalised(text: str, spans: Iterable[Span]) -> tuple[Span, ...]:
    """Well-nested spans: a style that crosses another is split at its edge, any other crossing span dropped."""
    tiebreak = itertools.count()  # spans themselves don't compare: equal sort keys fall back on arrival
    queue = [(span.order(), next(tiebreak), span) for raw in spans if (span := _cleaned(text, raw))]
    heapq.heapify(queue)
    stack, kept = list[Span](), list[Span]()
    while queue and len(kept) < MAX_STORED_SPANS:
        span = heapq.heappop(queue)[2]
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and stack[-1].end < span.end:  # crosses the innermost open span
            if span.kind not in STYLES:
                continue
            for piece in (replace(span, end=stack[-1].end), replace(span, start=stack[-1].end)):
                heapq.heappush(queue, (piece.order(), next(tiebreak), piece))  # each in its turn
            continue
        if _may_nest(span, stack):
            stack.append(span)
            kept.append(span)
    return tuple(kept)


def _may_nest(span: Span, ancestors: list[Span]) -> bool:
    """Telegram's nesting rules: nothing inside code, no quote in a quote, no link or code in a link; and no
    style inside the same style (it would add nothing)."""
    kinds = {ancestor.kind for ancestor in ancestors}
    if kinds & CODES or span.kind in kinds:
        return False
    if span.kind in QUOTES:
        return not kinds & QUOTES
    return not (span.kind in LINKS | CODES and kinds & LINKS)


def _with_bare_urls(text: str, kept: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans and a plain-URL span over each bare URL outside code and links (so that no cut splits it)."""
    fixed = [span for span in kept if span.kind not in STYLES]
    extra = [Span(Kind.URL, *found) for found in bare_urls(text) if all(_beside(span, *found) for span in fixed)]
    if not extra:
        return kept
    starts, ends = [url.start for url in extra], [url.end for url in extra]
    styles = (piece for span in kept if span.kind in STYLES for piece in _pieces(span, starts, ends))
    return _normalised(text, (*fixed, *styles, *extra))


def _pieces(span: Span, starts: list[int], ends: list[int]) -> list[Span]:
    """A style cut at the edge of each URL (of those, in order) that crosses it, so that both are kept; a style
    that holds a URL whole stays whole (a quote inside it would cross its pieces)."""
    cuts = []
    first = bisect_right(starts, span.start) - 1  # the URL that may open before the style and end inside it
    if first >= 0 and starts[first] < span.start < ends[first] < span.end:
        cuts.append(ends[first])
    last = bisect_left(starts, span.end) - 1  # the URL that may open inside the style and end after it
    if last >= 0 and span.start < starts[last] < span.end < ends[last]:
        cuts.append(starts[last])
    bounds = [span.start, *cuts, span.end]
    return [replace(span, start=start, end=end) for start, end in itertools.pairwise(bounds)]


def _beside(span: Span, start: int, end: int) -> bool:
    """Whether a URL at text[start:end] leaves the span whole: apart from it, or inside a quote."""
    inside = span.kind in QUOTES and span.start <= start and end <= span.end
    return inside or span.end <= start or end <= span.start
