"""Formatted bodies: for any text and any formatting, every message Herald renders is valid Telegram HTML within
the limits, shows a prefix of the body, and links where the body linked; the stored form survives a round trip."""

import re
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.markup import Flavour, entity_count, to_html
from bot.domain.models import PhotoView, PostView
from bot.domain.render import CAPTION_LIMIT, TEXT_LIMIT, RenderStyle, offer_rest, render_full, render_post
from bot.domain.rich import MAX_STORED_SPANS, Kind, Rich, Span, url_href
from bot.domain.text import bare_urls
from bot.matrix.formatted import parse_formatted
from bot.matrix.messenger import line_breaks
from tests.factories import ENGLISH, voice
from tests.standin.telegram_html import parse_entities, utf16_len

DEEP = RenderStyle(deep_link_base="https://t.me/herald_bot?start=")
PLAIN = RenderStyle()
READ_MORE = "https://t.me/herald_bot?start=read_42"

words = st.text(alphabet=st.sampled_from("ab cd.!?\n<>&\"'😀🔭𝔘–—"), min_size=1, max_size=80)
urls = st.sampled_from(
    ["https://example.org/a?b=1&c=<2>", "example.com/x", "tg://resolve?domain=x", "http://h.io", "www.ex.net/p",
     "https://example.org/" + "y" * 300]
)  # fmt: skip
link_targets = st.sampled_from(["https://example.org/story?id=1&x=2", "mailto:desk@example.org", "tg://user?id=1"])
kinds = st.sampled_from([kind for kind in Kind if kind != Kind.URL])


@st.composite
def bodies(draw: st.DrawFn) -> Rich:
    """Text of words, plain URLs and text links, repeated to any length, with any spans over it; the URLs marked
    as Telegram marks them, or bare (a Matrix body, a body stored before URLs were marked)."""
    text, spans, marked = "", [], draw(st.booleans())
    for _ in range(draw(st.integers(1, 20))):
        if draw(st.booleans()):
            address = draw(urls)
            if marked:
                spans.append(Span(Kind.URL, len(text) + 1, len(text) + 1 + len(address)))
            text += f" {address} "
        else:
            text += draw(words)
    text *= draw(st.sampled_from([1, 1, 1, 3, 10]))
    for _ in range(draw(st.integers(0, 120))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 300)))
        kind = draw(kinds)
        url = draw(link_targets) if kind == Kind.LINK else None
        spans.append(Span(kind, start, end, url, draw(st.sampled_from([None, "python", "c++"]))))
    return Rich.of(text, spans)


def post(body: Rich, photos: int = 0, title: str = "Bridge <Reopens> & more") -> PostView:
    views = tuple(PhotoView(n, "Photo: Ann & Lee" if n == 0 else None) for n in range(photos))
    return PostView(id=42, region="UK", title=title, date=date(2026, 1, 16), body=body, photos=views)


def squeezed(text: str) -> str:
    return "".join(text.split())


def targets(body: Rich) -> dict[str, list[str]]:
    """Where each of the body's links points, with the text it is on."""
    found: dict[str, list[str]] = {}
    for span in body.spans:
        if span.kind in (Kind.LINK, Kind.URL):
            href = span.url if span.kind == Kind.LINK and span.url else url_href(body.text[span.start : span.end])
            found.setdefault(href, []).append(body.text[span.start : span.end])
    return found


def check_links(markup: str, body: Rich) -> None:
    """Every link points where a link of the body did; a plain URL is shown whole."""
    text, entities = parse_entities(markup)
    units = text.encode("utf-16-le")
    sources = targets(body)
    for entity in (entity for entity in entities if entity["type"] == "text_link"):
        shown = units[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])].decode("utf-16-le")
        if entity["url"] == READ_MORE:
            continue
        assert entity["url"] in sources, entity
        assert any(shown.strip() in source for source in sources[entity["url"]])
        plain_urls = [source for source in sources[entity["url"]] if url_href(source) == entity["url"]]
        assert not plain_urls or shown in plain_urls  # a plain URL is never cut
    whole = {body.text[start:end] for start, end in bare_urls(body.text)}
    assert set(loose_urls(text, entities)) <= whole  # nor is a bare one, which Telegram would link as cut


def loose_urls(text: str, entities: list[dict[str, Any]]) -> list[str]:
    """The addresses Telegram would link in a message's text: those outside code and text links."""
    units = text.encode("utf-16-le")

    def points(offset: int) -> int:  # a UTF-16 offset as a code-point one
        return len(units[: 2 * offset].decode("utf-16-le"))

    kept = (entity for entity in entities if entity["type"] in ("code", "pre", "text_link"))
    ranges = [(points(entity["offset"]), points(entity["offset"] + entity["length"])) for entity in kept]
    return [text[start:end] for start, end in bare_urls(text) if not any(a < end and start < b for a, b in ranges)]


@settings(max_examples=200, deadline=None)
@given(body=bodies(), photos=st.integers(0, 10), language=st.sampled_from(["en", "ru"]))
def test_subscriber_copy_is_valid_and_shows_a_prefix_of_the_body(body: Rich, photos: int, language: str) -> None:
    speaker = voice(language)
    for style in (DEEP, PLAIN):
        markup = render_post(post(body, photos), style, speaker).html
        text, entities = parse_entities(markup)  # raises on anything Telegram would refuse
        assert utf16_len(text) <= (CAPTION_LIMIT if photos else TEXT_LIMIT)
        assert len(entities) <= 100
        frame, _ = parse_entities(render_post(post(Rich.plain(""), photos), style, speaker).html)
        head, tail = frame.split("\n\n", 1)
        summary = text.removeprefix(head).removesuffix(tail)
        assert squeezed(body.text).startswith(squeezed(summary).removesuffix("…"))
        check_links(markup, body)


@settings(max_examples=200, deadline=None)
@given(body=bodies())
def test_whole_post_messages_are_valid_and_hold_the_whole_body(body: Rich) -> None:
    parts = render_full(post(body), DEEP, ENGLISH)
    shown = ""
    for part in parts:
        text, entities = parse_entities(part)
        assert 0 < utf16_len(text) <= TEXT_LIMIT and len(entities) <= 100
        check_links(part, body)
        shown += text
    assert squeezed(shown).endswith(squeezed(body.text))
    for part in offer_rest(parts, 42, DEEP, 2, "a private chat", ENGLISH):
        parse_entities(part)


@settings(max_examples=300, deadline=None)
@given(body=bodies())
def test_matrix_html_reads_back_as_the_same_formatting(body: Rich) -> None:
    read = parse_formatted(line_breaks(to_html(body, Flavour.MATRIX)))
    assert squeezed(read.text) == squeezed(body.text)  # blocks (quotes, code) may start a line of their own
    expected = Rich(body.text, tuple(_as_matrix_reads(span, body.text) for span in body.spans))
    # A plain URL goes out as a link; one read as a bare URL is a new line's doing (a quote ending inside it).
    assert [span for span in aligned(read) if span[0] != Kind.URL] == aligned(expected)


def aligned(rich: Rich) -> list[tuple[str, int, int, str | None, str | None]]:
    """The spans over the text's non-blank characters (HTML shows whitespace its own way), in order, pieces of a
    style that meet joined (a URL read anew splits the style that crosses it); a span over whitespace alone is left
    out."""
    seen = [0]
    for char in rich.text:
        seen.append(seen[-1] + (not char.isspace()))
    over = ((span.kind.value, seen[span.start], seen[span.end], span.url, span.language) for span in rich.spans)
    joined: list[tuple[str, int, int, str | None, str | None]] = []
    for item in sorted(item for item in over if item[1] < item[2]):
        last = joined[-1] if joined else None
        if last is not None and (last[0], last[2], last[3:]) == (item[0], item[1], item[3:]):
            joined[-1] = (*last[:2], item[2], *item[3:])
        else:
            joined.append(item)
    return joined


def _as_matrix_reads(span: Span, text: str) -> Span:
    """A span as Matrix HTML carries it: an expandable quote is a quote, a plain URL a link to itself."""
    if span.kind == Kind.EXPANDABLE:
        return Span(Kind.QUOTE, span.start, span.end)
    if span.kind == Kind.URL:
        return Span(Kind.LINK, span.start, span.end, url_href(text[span.start : span.end]))
    return span


@given(body=bodies())
def test_stored_form_round_trips(body: Rich) -> None:
    assert Rich.from_json(body.text, body.to_json()) == body
    assert len(body.spans) <= MAX_STORED_SPANS


def test_stray_markup_characters_arrive_as_written() -> None:
    body = Rich.plain("Costs < 5 & > 3 <b>not bold</b>")
    text, entities = parse_entities(to_html(body, Flavour.TELEGRAM))
    assert text == body.text and entities == []


def test_every_supported_kind_renders_as_telegram_and_matrix_html() -> None:
    text = "bold italic under strike hidden code block quote more link https://ex.org"
    spans = [
        Span(kind, text.index(word), text.index(word) + len(word), url, language)
        for kind, word, url, language in [
            (Kind.BOLD, "bold", None, None), (Kind.ITALIC, "italic", None, None),
            (Kind.UNDERLINE, "under", None, None), (Kind.STRIKE, "strike", None, None),
            (Kind.SPOILER, "hidden", None, None), (Kind.CODE, "code", None, None),
            (Kind.PRE, "block", None, "python"), (Kind.QUOTE, "quote", None, None),
            (Kind.EXPANDABLE, "more", None, None), (Kind.LINK, "link", "https://example.org/?a=1&b=2", None),
            (Kind.URL, "https://ex.org", None, None),
        ]
    ]  # fmt: skip
    rich = Rich.of(text, spans)
    telegram = to_html(rich, Flavour.TELEGRAM)
    assert telegram == (
        "<b>bold</b> <i>italic</i> <u>under</u> <s>strike</s> <tg-spoiler>hidden</tg-spoiler> <code>code</code> "
        '<pre><code class="language-python">block</code></pre> <blockquote>quote</blockquote> '
        '<blockquote expandable>more</blockquote> <a href="https://example.org/?a=1&amp;b=2">link</a> '
        '<a href="https://ex.org">https://ex.org</a>'
    )
    assert entity_count(telegram) == len(parse_entities(telegram)[1]) == 11
    matrix = to_html(rich, Flavour.MATRIX)
    assert "<span data-mx-spoiler>hidden</span>" in matrix and "<blockquote>more</blockquote>" in matrix
    assert "<del>strike</del>" in matrix


def test_a_cut_closes_the_tags_it_passes_through_and_leaves_a_plain_url_whole() -> None:
    sentence = "Word " * 200
    text = sentence + "https://example.org/" + "x" * 300 + " tail"
    body = Rich.of(text, [Span(Kind.BOLD, 0, len(text)), Span(Kind.URL, len(sentence), len(text) - 5)])
    markup = render_post(post(body, photos=1), DEEP, ENGLISH).html
    visible, _ = parse_entities(markup)
    assert "example.org" not in visible and re.search(r"Word</b>…\n", markup)


def test_code_blocks_keep_their_blank_lines_and_indentation() -> None:
    code = "    def f():\n\n        return 1"
    body = Rich.of(f"Intro.\n\n{code}\n\nAfter.", [Span(Kind.PRE, 8, 8 + len(code), language="python")])
    markup = render_full(post(body), DEEP, ENGLISH)[0]
    assert f'<pre><code class="language-python">{code}</code></pre>' in markup
    assert "<br>" not in line_breaks(markup).split("<pre>")[1].split("</pre>")[0]
