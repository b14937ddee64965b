"""Rendering: for any title and body, valid Telegram HTML within the limits, counted in UTF-16 units."""

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import PhotoView, PostView
from bot.domain.render import CAPTION_LIMIT, TEXT_LIMIT, RenderStyle, render_full, render_post
from bot.domain.rich import Kind, Rich, Span
from bot.domain.text import fit, utf16_len
from tests.factories import ENGLISH, voice
from tests.standin.telegram_html import parse, parse_entities

STYLE = RenderStyle(deep_link_base="https://t.me/herald_bot?start=")
PLAIN = RenderStyle()
RUSSIAN = voice("ru")

tricky = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"' \n.!?–—“”😀🔭𝔘ab"),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    max_size=6000,
)
titles = st.text(alphabet=st.sampled_from("<>&ab c😀🔭."), min_size=1, max_size=300)


def post(title: str, body: str, photos: int = 0, credit: str | None = None) -> PostView:
    views = tuple(PhotoView(n, credit if n == 0 else None) for n in range(photos))
    return PostView(id=42, region="UK", title=title, date=date(2026, 1, 16), body=Rich.plain(body), photos=views)


@settings(max_examples=300, deadline=None)
@given(title=titles, body=tricky, photos=st.integers(0, 10), credit=st.none() | tricky)
def test_rendered_post_is_valid_html_within_the_limit(title: str, body: str, photos: int, credit: str | None) -> None:
    for style, said in ((STYLE, ENGLISH), (PLAIN, ENGLISH), (STYLE, RUSSIAN), (PLAIN, RUSSIAN)):
        rendered = render_post(post(title, body, photos, credit), style, said)
        visible, entities = parse(rendered.html)  # raises on anything Telegram would refuse
        assert utf16_len(visible) <= (CAPTION_LIMIT if photos else TEXT_LIMIT)
        assert entities <= 100


@settings(max_examples=150, deadline=None)
@given(title=titles, body=tricky)
def test_full_post_parts_are_valid_and_within_the_text_limit(title: str, body: str) -> None:
    parts = render_full(post(title, body), STYLE, ENGLISH)
    for part in parts:
        visible, _ = parse(part)
        assert 0 < utf16_len(visible) <= TEXT_LIMIT
    body_words = "".join(body.split())
    assert "".join("".join(parse(part)[0] for part in parts).split()).endswith(body_words[-20:])


@given(text=tricky, budget=st.integers(0, 5000))
def test_fit_stays_within_budget_and_marks_a_cut(text: str, budget: int) -> None:
    cut = fit(text, budget)
    assert utf16_len(cut) <= budget
    if cut != text and cut:
        assert cut.endswith("…")


def test_long_body_is_cut_at_a_sentence_with_an_ellipsis() -> None:
    body = "First sentence is here. " * 80
    rendered = render_post(post("Bridge Reopens", body, photos=1, credit="Photo: Ann Lee"), STYLE, ENGLISH)
    visible, _ = parse(rendered.html)
    summary = visible.split("\n\n")[1]
    assert summary.endswith("here. …")
    assert visible.endswith("📷 Photo: Ann Lee\nRead the full post")


def test_emoji_count_two_units() -> None:
    assert utf16_len("🔭") == 2
    assert fit("🔭🔭🔭", 5) == "🔭🔭…"


def test_sample_long_body_fits_as_caption_and_text() -> None:
    body = "The council’s report runs to forty pages – from the harbour to the airport. " * 80
    for photos, limit in ((0, TEXT_LIMIT), (3, CAPTION_LIMIT)):
        visible, _ = parse(render_post(post("Early Snow Closes Mountain Passes", body, photos), STYLE, ENGLISH).html)
        assert utf16_len(visible) <= limit
        assert "…" in visible


def test_the_frame_is_in_the_copys_language_and_the_post_as_written() -> None:
    russian = RUSSIAN
    rendered = render_post(
        post("Bridge Reopens", "The old bridge reopened.", photos=2, credit="Photo: Ann Lee"), PLAIN, russian
    )
    assert rendered.html == (
        "<b>Bridge Reopens</b>\n16 января 2026 · #UK\n\nThe old bridge reopened.\n\n"
        "📷 Photo: Ann Lee\nЧитать полностью: /read 42"
    )
    assert rendered.labels == ("Photo: Ann Lee", "Фото 2")  # a Matrix image's body
    linked = render_post(post("Bridge Reopens", "Body."), STYLE, russian)
    assert linked.html.endswith('<a href="https://t.me/herald_bot?start=read_42">Читать полностью</a>')
    first, *_ = render_full(post("Bridge Reopens", "Body.", photos=1, credit="Ann & Lee"), STYLE, russian)
    assert first == "<b>Bridge Reopens</b>\n16 января 2026 · #UK\n\nBody.\n\n📷 Ann &amp; Lee"


def test_a_long_body_keeps_every_span_across_its_read_messages() -> None:
    words = [f"word{n}" for n in range(250)]
    text = " ".join(words)
    spans, at = [], 0
    for word in words:
        spans.append(Span(Kind.BOLD, at, at + len(word)))
        at += len(word) + 1
    one_paragraph = Rich.of(text, spans)
    assert len(one_paragraph.spans) == 250  # the stored body keeps them all
    many = Rich.of(text.replace(" ", "\n\n"), [span.shifted(n) for n, span in enumerate(spans)])  # one per paragraph
    for body in (one_paragraph, many):
        parts = render_full(replace(post("Title", ""), body=body), STYLE, ENGLISH)
        counts = [len(parse_entities(part)[1]) for part in parts]
        bold = [entity for part in parts for entity in parse_entities(part)[1] if entity["type"] == "bold"]
        assert len(bold) == 250 + 1 and max(counts) <= 100  # the title's bold, and every span of the body


def test_a_quote_over_blank_lines_stays_one_quote_and_a_long_one_is_reopened_in_the_next_message() -> None:
    said = "First they said.\n\nThen they said more."
    body = Rich.of(f"Intro.\n\n{said}\n\nAfter.", [Span(Kind.EXPANDABLE, 8, 8 + len(said))])
    whole = render_full(replace(post("Title", ""), body=body), STYLE, ENGLISH)
    assert f"Intro.\n\n<blockquote expandable>{said}</blockquote>\n\nAfter." in whole[0]
    summary = render_post(replace(post("Title", ""), body=body), STYLE, ENGLISH).html
    assert f"<blockquote expandable>{said}</blockquote>" in summary
    long = "\n\n".join(f"Sentence number {n} of the quote." for n in range(300))
    parts = render_full(
        replace(post("Title", ""), body=Rich.of(long, [Span(Kind.QUOTE, 0, len(long))])), STYLE, ENGLISH
    )
    assert len(parts) == 3
    for part in parts:
        text, entities = parse_entities(part)
        quote = next(entity for entity in entities if entity["type"] == "blockquote")
        assert text.endswith("quote.") and quote["offset"] + quote["length"] == utf16_len(text)
    assert "".join(parse_entities(part)[0] for part in parts).count("Sentence number") == 300


def test_the_hashtag_and_command_telegram_links_in_the_frame_count_in_the_100_entities() -> None:
    text = " ".join(f"w{n}" for n in range(150))
    body = Rich.of(text, [Span(Kind.BOLD, at, at + 2) for at in range(0, 300, 3) if text[at : at + 2].strip()])
    for style in (PLAIN, STYLE):
        html = render_post(replace(post("Title", ""), body=body), style, ENGLISH).html
        _, entities = parse(html)
        found = html.count("#UK") + html.count("/read 42")  # Telegram makes hashtag and bot_command entities
        assert entities + found == 100


def test_the_hashtags_of_a_body_count_in_the_100_entities_too() -> None:
    words = [f"#h{n}" if n % 5 == 0 else f"w{n}" for n in range(150)]  # 30 hashtags, 120 bold words
    text, spans = " ".join(words), []
    for n, word in enumerate(words):
        at = sum(len(before) + 1 for before in words[:n])
        spans += [] if word.startswith("#") else [Span(Kind.BOLD, at, at + len(word))]
    post_ = replace(post("Title", ""), body=Rich.of(text, spans))
    for html in (render_post(post_, PLAIN, ENGLISH).html, *render_full(post_, PLAIN, ENGLISH)):
        visible, entities = parse(html)
        assert entities + visible.count("#") + visible.count("/read 42") <= 100
