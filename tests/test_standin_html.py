"""The stand-in refuses what Telegram refuses, so that passing tests mean valid messages."""

import pytest

from tests.standin.telegram_html import ParseError, parse


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
    ],
)
def test_refuses_what_telegram_refuses(markup: str) -> None:
    with pytest.raises(ParseError):
        parse(markup)
