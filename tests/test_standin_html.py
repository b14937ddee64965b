"""The stand-in refuses what Telegram refuses, so that passing tests mean valid messages."""

import pytest

from tests.standin.telegram_html import ParseError, parse, parse_entities


@pytest.mark.parametrize(
    ("markup", "visible"),
    [
        ("<b>Bold</b> &amp; &lt;tag&gt; &quot;q&quot; &#8212; &#x2014;", 'Bold & <tag> "q" — —'),
        ('<a href="https://t.me/x?start=read_1">link</a>', "link"),
        ("<i>a<u>b</u></i><tg-spoiler>s</tg-spoiler>", "abs"),
    ],
)
def test_accepts_telegram_html(markup: str, visible: str) -> None:
    assert parse(markup)[0] == visible


@pytest.mark.parametrize(
    "markup",
    [
        "<b>unclosed",
        "<div>x</div>",
        "a < b",
        "costs & benefits",
        "&nbsp;",
        "<b><i>x</b></i>",
        "x > y",
        "<a>x</a>",
        "<code><b>x</b></code>",
        "<pre><i>x</i></pre>",
        '<a href="https://a.org"><a href="https://b.org">x</a></a>',
        '<a href="https://a.org"><code>x</code></a>',
        "<blockquote>a<blockquote expandable>b</blockquote></blockquote>",
    ],
)
def test_refuses_what_telegram_refuses(markup: str) -> None:
    with pytest.raises(ParseError):
        parse(markup)


def test_reads_entities_as_the_bot_api_reports_them() -> None:
    markup = (
        '😀 <b>bold</b> <pre><code class="language-python">x = 1</code></pre> <blockquote expandable>more</blockquote> '
        '<a href="https://example.org/?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span>'
    )
    text, entities = parse_entities(markup)
    assert text == "😀 bold x = 1 more link s"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "pre", "offset": 8, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 14, "length": 4},
        {"type": "text_link", "offset": 19, "length": 4, "url": "https://example.org/?a=1&b=2"},
        {"type": "spoiler", "offset": 24, "length": 1},
    ]
