"""Formatting as it comes in: Telegram's entities (UTF-16 offsets) and Matrix's HTML, read strictly."""

from aiogram.types import MessageEntity

from bot.domain.rich import Kind, Rich, Span
from bot.matrix.commands import Incoming
from bot.matrix.formatted import parse_formatted
from bot.telegram.entities import rich_of


def entity(kind: str, offset: int, length: int, url: str | None = None, language: str | None = None) -> MessageEntity:
    return MessageEntity(type=kind, offset=offset, length=length, url=url, language=language)


def shown(rich: Rich) -> list[tuple[Kind, str]]:
    return [(span.kind, rich.text[span.start : span.end]) for span in rich.spans]


def test_telegram_offsets_count_astral_characters_twice() -> None:
    text = "😀 bold 🔭𝔘 link"
    rich = rich_of(text, [entity("bold", 3, 4), entity("text_link", 13, 4, url="https://example.org")])
    assert shown(rich) == [(Kind.BOLD, "bold"), (Kind.LINK, "link")]
    assert rich.spans[1].url == "https://example.org"


def test_telegram_keeps_only_supported_entities_and_safe_links() -> None:
    text = "@ann #tag code https://ex.org bad"
    entities = [
        entity("mention", 0, 4), entity("hashtag", 5, 4), entity("pre", 10, 4, language="python"),
        entity("url", 15, 14), entity("text_link", 30, 3, url="javascript:alert(1)"),
    ]  # fmt: skip
    rich = rich_of(text, entities)
    assert shown(rich) == [(Kind.PRE, "code"), (Kind.URL, "https://ex.org")]
    assert rich.spans[0].language == "python"


def test_matrix_html_keeps_the_supported_set_and_drops_the_rest() -> None:
    markup = (
        "<mx-reply><blockquote>quoted <b>old</b></blockquote></mx-reply>"
        "<p><strong>Bold</strong> <em>it</em> <del>gone</del> <span data-mx-spoiler>secret</span> "
        '<a href="https://example.org">ok</a> <a href="javascript:alert(1)">bad</a> <font color="red">red</font> '
        '<img src="mxc://x/y" alt="pic"><script>alert(1)</script></p>'
        '<pre><code class="language-rust">fn main() {\n}</code></pre><blockquote>said</blockquote>line<br>two'
    )
    rich = parse_formatted(markup)
    assert rich.text == "Bold it gone secret ok bad red alert(1)\n\nfn main() {\n}\nsaid\nline\ntwo"
    assert shown(rich) == [
        (Kind.BOLD, "Bold"), (Kind.ITALIC, "it"), (Kind.STRIKE, "gone"), (Kind.SPOILER, "secret"),
        (Kind.LINK, "ok"), (Kind.PRE, "fn main() {\n}"), (Kind.QUOTE, "said"),
    ]  # fmt: skip
    assert rich.spans[5].language == "rust" and rich.spans[4].url == "https://example.org"


def test_matrix_command_args_carry_their_formatting() -> None:
    content = {
        "msgtype": "m.text",
        "body": "!post UK: Bridge\n**Bold** body",
        "format": "org.matrix.custom.html",
        "formatted_body": "!post UK: Bridge<br><strong>Bold</strong> body",
    }
    parsed = Incoming("!room:x", "@ann:x", "$1", content).command()
    assert parsed is not None
    name, args = parsed
    assert (name, args.text) == ("post", "UK: Bridge\nBold body")
    assert args.spans == (Span(Kind.BOLD, 11, 15),)


def test_bare_urls_are_marked_in_plain_and_formatted_matrix_bodies_and_stored_ones() -> None:
    plain = {"msgtype": "m.text", "body": "!post UK: T\nSee https://example.org/a, or www.example.com."}
    parsed = Incoming("!room:x", "@ann:x", "$1", plain).command()
    assert parsed is not None
    assert shown(parsed[1]) == [(Kind.URL, "https://example.org/a"), (Kind.URL, "www.example.com")]
    markup = "See <b>https://example.org/b</b> <code>https://no.org</code> <a href='https://x.org'>https://x.org</a>"
    assert shown(parse_formatted(markup)) == [
        (Kind.BOLD, "https://example.org/b"), (Kind.URL, "https://example.org/b"), (Kind.CODE, "https://no.org"),
        (Kind.LINK, "https://x.org"),
    ]  # fmt: skip
    assert shown(Rich.from_json("Old post: http://example.org/(a) end", None)) == [(Kind.URL, "http://example.org/(a)")]


def test_matrix_html_whitespace_reads_as_element_shows_it() -> None:
    samples = {
        "line one<br />\nline two<br />\n  line   three  <br />\nfour": "line one\nline two\nline three\nfour",
        "<p>First   paragraph.</p>\n<p>Second,\n<strong>bold</strong> <em>it</em></p>\n": (
            "First paragraph.\n\nSecond, bold it"
        ),
        "<p>Items:</p>\n<ul>\n<li>one</li>\n<li>two <em>it</em></li>\n</ul>\n<p>after</p>\n": (
            "Items:\n\none\ntwo it\n\nafter"
        ),
        "<blockquote>\n<p>said</p>\n</blockquote>\n<p>then</p>\n": "said\n\nthen",
        '<pre><code class="language-python">  x =  1\n\n    y\n</code></pre>\n': "  x =  1\n\n    y\n",
        "a\u00a0\u00a0b \t c<b> bold </b>d": "a\u00a0\u00a0b c bold d",
    }
    for markup, text in samples.items():
        assert parse_formatted(markup).strip().text == text, markup
    rich = parse_formatted("See <b> bold </b>\n<i>it</i>")
    assert shown(rich) == [(Kind.BOLD, "bold"), (Kind.ITALIC, "it")]
