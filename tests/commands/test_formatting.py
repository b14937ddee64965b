"""A post keeps its admin's formatting on both platforms: in the preview, in /read, and after /edit."""

from bot.domain.models import Platform
from tests.commands_harness import Harness, Who

LINK = '<a href="https://example.org/report?a=1&amp;b=2">the report</a>'
CODE = '<pre><code class="language-python">if x &lt; 2:\n\n    print("hi")</code></pre>'
FORMATTED = (
    "post UK: Bridge Reopens (16.1.2026)\n"
    f"The <b>old bridge</b> reopened, says {LINK}.\n\n{CODE}\n\nCosts &lt; 5 &amp; more."
)


def spoiler(harness: Harness, text: str) -> str:
    if harness.platform == Platform.MATRIX:
        return f"<span data-mx-spoiler>{text}</span>"
    return f"<tg-spoiler>{text}</tg-spoiler>"


async def test_post_keeps_bold_links_and_code_blocks_in_preview_and_read(herald: Harness) -> None:
    preview, notice = await herald.send_formatted(FORMATTED)
    assert "<b>Bridge Reopens</b>" in preview  # the title stays Herald's own, plain and bold
    assert f"The <b>old bridge</b> reopened, says {LINK}." in preview
    assert "#2" in notice
    await herald.send("publish 2")
    whole = "\n".join(await herald.send("read 2", who=Who.READER))
    assert f"The <b>old bridge</b> reopened, says {LINK}.\n\n{CODE}\n\nCosts &lt; 5 &amp; more." in whole


async def test_edit_replaces_the_formatting(herald: Harness) -> None:
    await herald.send_formatted(FORMATTED)
    await herald.send("publish 2")
    edited = f"edit 2 UK: Bridge Reopens (16.1.2026)\nThe bridge is <i>open</i>, {spoiler(herald, 'at last')}."
    await herald.send_formatted(edited)
    whole = "\n".join(await herald.send("read 2", who=Who.READER))
    assert f"The bridge is <i>open</i>, {spoiler(herald, 'at last')}." in whole
    assert "<b>" not in whole.split("\n", 2)[2] and "example.org" not in whole


async def test_stray_markup_characters_in_a_plain_post_arrive_as_written(herald: Harness) -> None:
    preview, _ = await herald.send("post UK: Tags (16.1.2026)\nType <b> & </b> to see them, a > b.")
    assert "Type &lt;b&gt; &amp; &lt;/b&gt; to see them, a &gt; b." in preview


async def test_a_bare_url_that_does_not_fit_the_summary_is_left_out_whole(herald: Harness) -> None:
    address = "https://example.org/" + "x" * 1000
    preview, _ = await herald.send(f"post UK: Bridge (16.1.2026)\nSee {address}")
    assert "example.org" not in preview and "See …" in preview  # a cut address would still be linked
    opening, _ = await herald.send(f"post UK: Bridge (16.1.2026)\nIntro.\n\n{address} more")
    assert "example.org" not in opening and "Intro. …" in opening
    formatted, _ = await herald.send_formatted(f"post UK: Bridge (16.1.2026)\nSee <b>this</b>: {address}")
    assert "example.org" not in formatted and "See <b>this</b> …" in formatted
