"""How a region picker looks: a page of toggle buttons on Telegram, a list of commands on Matrix."""

import math
from collections.abc import Sequence

from bot import texts
from bot.commands.model import Choice, Say
from bot.domain.arguments import join_words
from bot.domain.voice import Voice
from bot.services.picker import Pickable, Picker
from bot.services.subscriptions import ALL
from handlers.replies import filter_text

PAGE_SIZE = 20  # region buttons per page; Telegram allows 100 buttons, but 20 still fit a phone's screen
LISTED = 10  # region names the text lists before it counts the rest: the buttons show them all
SHORT_NAME = 14  # two region names up to this long share a row of buttons; a longer one has its row alone
MARK_ON, MARK_OFF = "✅", "⬜"  # the same in every language
PAGING_ROW = -1  # any row number no region row uses: rows go in order of first use, and paging comes last
PICK, ON, OFF = "pick", "on", "off"  # a button's command: `pick PAGE`, or `pick on|off TOKEN|all PAGE`


def pick_line(page: int, which: str | None = None, on: bool = True) -> str:
    """The command a picker's button runs: show page, after switching which (a region's token, or all) on or off."""
    return f"{PICK} {page}" if which is None else f"{PICK} {ON if on else OFF} {which} {page}"


def buttons_view(picker: Picker, page: int, voice: Voice, toast: str | None = None) -> Say:
    """One page of the picker: All regions, the page's regions, and past 20 regions the paging buttons."""
    pages = max(1, math.ceil(len(picker.regions) / PAGE_SIZE))
    page = min(max(page, 1), pages)  # a page gone since (fewer regions now) shows the last one
    shown = picker.regions[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    choices = [
        _all_choice(picker.all_regions, page, voice),
        *_region_choices(shown, page),
        *_paging(page, pages, voice),
    ]
    lines = [voice.fill(texts.PICK_HEADING)] + ([] if picker.regions else [voice.fill(texts.PICK_NO_REGIONS)])
    return Say("\n".join([*lines, receives_text(picker, voice)]), tuple(choices), toast=toast)


def _label(chosen: bool, name: str) -> str:
    return f"{MARK_ON if chosen else MARK_OFF} {name}"


def _all_choice(chosen: bool, page: int, voice: Voice) -> Choice:
    return Choice(_label(chosen, voice.text(texts.PICK_ALL)), pick_line(page, ALL, on=not chosen))


def _region_choices(shown: Sequence[Pickable], page: int) -> list[Choice]:
    """A button per region, two short names to a row."""
    rows: list[list[Pickable]] = []
    for region in shown:
        last = rows[-1] if rows else []
        if len(last) == 1 and max(len(last[0].name), len(region.name)) <= SHORT_NAME:
            last.append(region)
        else:
            rows.append([region])
    return [
        Choice(_label(region.chosen, region.name), pick_line(page, region.token, on=not region.chosen), n)
        for n, row in enumerate(rows, start=1)
        for region in row
    ]


def _paging(page: int, pages: int, voice: Voice) -> list[Choice]:
    """Previous, where we are (pressing it shows the page afresh), and next."""
    if pages == 1:
        return []
    where = Choice(f"{page}/{pages}", pick_line(page), PAGING_ROW)
    previous = [Choice(voice.text(texts.PICK_PREVIOUS), pick_line(page - 1), PAGING_ROW)] if page > 1 else []
    following = [Choice(voice.text(texts.PICK_NEXT), pick_line(page + 1), PAGING_ROW)] if page < pages else []
    return [*previous, where, *following]


def list_view(picker: Picker, voice: Voice) -> str:
    """Every region with its mark and the command that switches it, then All regions likewise."""
    regions = [_line(region, picker.all_regions, voice) for region in picker.regions]
    lines = [voice.fill(texts.PICK_HEADING_LIST), *regions]
    if not picker.regions:
        lines.append(voice.fill(texts.PICK_NO_REGIONS))
    every = "unsubscribe all" if picker.all_regions else "subscribe all"
    lines.append(
        voice.fill(texts.PICK_LINE, mark=_mark(picker.all_regions), name=voice.text(texts.PICK_ALL), command=every)
    )
    return "\n".join([*lines, receives_text(picker, voice)])


def _mark(chosen: bool) -> str:
    return MARK_ON if chosen else MARK_OFF


def _line(region: Pickable, every: bool, voice: Voice) -> str:
    """Under all regions each is on: `unsubscribe REGION` keeps the others by name."""
    chosen = every or region.chosen
    command = f"{'unsubscribe' if chosen else 'subscribe'} {join_words([region.name])}"
    return voice.fill(texts.PICK_LINE, mark=_mark(chosen), name=region.name, command=command)


def receives_text(picker: Picker, voice: Voice) -> str:
    """What the chat receives, in a line: past LISTED regions the rest are counted (the marks show them)."""
    current = picker.current
    if current is None or current.empty:
        return voice.fill(texts.PICK_RECEIVES_NOTHING)
    if current.all_regions or len(current.regions) <= LISTED:
        return filter_text(current, voice)
    names, more = ", ".join(current.regions[:LISTED]), len(current.regions) - LISTED
    return voice.fill(texts.PICK_RECEIVES_SOME, names=names, count=more)
