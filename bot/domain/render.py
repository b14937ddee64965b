"""Rendering a post into what subscribers receive: Telegram-valid HTML within the length limits."""

from dataclasses import dataclass

from bot import texts
from bot.domain.cuts import chunk, fit_rich, paragraphs
from bot.domain.markup import Flavour, entity_count, found_in, to_html
from bot.domain.models import PhotoView, PostView
from bot.domain.rich import MAX_SPANS, Rich
from bot.domain.text import Html, escape, escape_attr, fit, utf16_len, visible_len
from bot.domain.voice import Voice

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
SUMMARY_LIMIT = 700
TITLE_LIMIT = 256
CREDIT_LIMIT = 200


@dataclass(frozen=True)
class RenderStyle:
    """What differs between platforms when a post is rendered."""

    command_prefix: str = "/"
    deep_link_base: str | None = None  # e.g. https://t.me/herald_bot?start=
    caption_limit: int = CAPTION_LIMIT
    text_limit: int = TEXT_LIMIT
    summary_limit: int = SUMMARY_LIMIT
    flavour: Flavour = Flavour.TELEGRAM  # whose HTML the formatting of a body becomes


@dataclass(frozen=True)
class Rendered:
    """A rendered post: its photos, and the HTML that goes in the first photo's caption or in a text message."""

    html: str
    photos: tuple[PhotoView, ...]
    labels: tuple[str, ...] = ()  # each photo's name in the copy's language: its credit, or "Photo 2" (plain text)

    @property
    def is_caption(self) -> bool:
        return bool(self.photos)

    def label(self, number: int) -> str:
        """The name of photo `number` (from 1), where a platform shows one (Matrix: an image's body)."""
        return self.labels[number - 1] if number <= len(self.labels) else self.photos[number - 1].credit or str(number)


def hashtag(region: str) -> str:
    """A region as a hashtag: `#UK`, `#UnitedKingdom`."""
    words = (word[:1].upper() + word[1:] for word in region.split())
    return "#" + "".join(char for char in "".join(words) if char.isalnum() or char == "_")


def render_post(post: PostView, style: RenderStyle, voice: Voice) -> Rendered:
    """Render the subscriber copy of a post: header, summary, credit and a link to the whole post; its frame (the
    date, the link) in voice's language, the post's own words as they were written."""
    limit = style.caption_limit if post.photos else style.text_limit
    head = _header(post, voice)
    tail = _footer(post, style, voice)
    fixed = visible_len(head) + visible_len(tail) + 4  # the two blank-line separators
    budget = min(style.summary_limit, limit - fixed)
    summary = _summary(post.body, budget)
    summary = summary.trimmed(MAX_SPANS - entity_count(head + tail) - found_in(summary.text))
    parts = [head, to_html(summary, style.flavour), tail] if summary.text else [head, tail]
    labels = tuple(photo.credit or voice.plain(texts.PHOTO_NUMBER, number=n) for n, photo in enumerate(post.photos, 1))
    return Rendered(html="\n\n".join(parts), photos=post.photos, labels=labels)


def _header(post: PostView, voice: Voice) -> str:
    title = escape(fit(post.title, TITLE_LIMIT))
    return f"<b>{title}</b>\n{escape(voice.date(post.date))} · {escape(hashtag(post.region))}"


def _footer(post: PostView, style: RenderStyle, voice: Voice) -> str:
    lines = []
    credit = post.photos[0].credit if post.photos else None
    if credit:
        lines.append(voice.fill(texts.CREDIT, credit=fit(credit, CREDIT_LIMIT)))
    lines.append(_read_more(post.id, style, voice))
    return "\n".join(lines)


def _read_more(post_id: int, style: RenderStyle, voice: Voice) -> str:
    if style.deep_link_base:
        href = escape_attr(f"{style.deep_link_base}read_{post_id}")
        return f'<a href="{href}">{voice.fill(texts.READ_FULL_POST)}</a>'
    return voice.with_prefix(style.command_prefix).fill(texts.READ_FULL_POST_WITH, id=post_id)


def _summary(body: Rich, budget: int) -> Rich:
    """The opening paragraphs of the body that fit in budget units, ending in an ellipsis when cut."""
    blocks = paragraphs(body)
    whole = Rich.join("\n\n", blocks)
    if utf16_len(whole.text) <= budget:
        return whole
    taken: list[Rich] = []
    used = 0
    for paragraph in blocks:
        separator = 2 if taken else 0
        room = budget - used - separator
        if utf16_len(paragraph.text) > room - 2:  # keep room for the " …" that marks the cut
            return Rich.join("\n\n", _ending(taken, paragraph, room))
        taken.append(paragraph)
        used += separator + utf16_len(paragraph.text)
    return whole


def _ending(taken: list[Rich], paragraph: Rich, room: int) -> list[Rich]:
    """The paragraphs taken and what fits of the next one; or, when nothing of it does (too little room, or a URL
    that doesn't fit opens it), the ellipsis after them."""
    cut = fit_rich(paragraph, room) if room >= 40 or not taken else Rich("")
    if cut.text:
        return [*taken, cut]
    return [*taken[:-1], taken[-1] + " …"] if taken else [Rich.plain("…")]


def render_full(post: PostView, style: RenderStyle, voice: Voice) -> list[str]:
    """The whole post for /read: a header, then the body split at paragraph boundaries into text messages."""
    head = _header(post, voice)
    credits = [Rich.plain(voice.plain(texts.CREDIT, credit=photo.credit)) for photo in post.photos if photo.credit]
    room = style.text_limit - visible_len(head) - 2
    most = MAX_SPANS - entity_count(head)  # the later messages have room for one more, which is not worth a rule
    first, *rest = chunk(paragraphs(post.body) + credits, room, most) or [Rich.plain("")]
    html = [to_html(part.trimmed(most - found_in(part.text)), style.flavour) for part in (first, *rest)]
    return [f"{head}\n\n{html[0]}" if first.text else head, *html[1:]]


def offer_rest(parts: list[str], post_id: int, style: RenderStyle, at_most: int, place: str, voice: Voice) -> list[str]:
    """At most at_most messages of a whole post (for a shared chat): when it needs more, the last one offers the
    rest in a private chat with the bot, by a link where the platform has one, else by the command."""
    if len(parts) <= at_most:
        return parts
    kept = parts[: max(at_most - 1, 1)]
    count, voice = len(parts) - len(kept), voice.with_prefix(style.command_prefix)
    if style.deep_link_base:
        link = Html(escape_attr(f"{style.deep_link_base}read_{post_id}"))
        return [*kept, voice.plural(texts.READ_ON_LINK, count, id=post_id, link=link)]
    return [*kept, voice.plural(texts.READ_ON, count, id=post_id, place=place)]
