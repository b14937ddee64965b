"""Choosing a chat's regions: `subscribe` with no region shows them as toggle buttons on Telegram, or as a list of
commands on Matrix; the buttons run `pick`, a command only buttons use (it names regions by token, not by name,
so that a 64-character region still fits in a button's 60 bytes)."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.commands.model import Audience, Call, Command, Reply, Say
from bot.domain.arguments import number
from bot.domain.errors import UserError
from bot.domain.models import Platform
from bot.services.picker import is_token
from bot.services.subscriptions import ALL
from handlers.picker_views import OFF, ON, PICK, buttons_view, list_view

BUTTONS = {Platform.TELEGRAM}  # Matrix has no buttons: it lists the commands to type instead


@dataclass(frozen=True)
class Pick:
    """A pressed picker button: the page to show, and what to switch first (a region's token, or all)."""

    page: int = 1
    which: str | None = None
    on: bool = True


async def show(call: Call, page: int = 1, toast: str | None = None) -> Sequence[Reply]:
    """The regions this chat may pick from, those it receives marked."""
    picker = await call.services.picker.picker(call.request.chat)
    if call.request.platform in BUTTONS:
        return [buttons_view(picker, page, call.voice, toast)]
    return [Say(list_view(picker, call.voice))]


async def pick(call: Call) -> Sequence[Reply]:
    """A picker's button: switch a region (or all) on or off for this chat, then show the same page again."""
    wanted = parse_pick(call.request.words())
    toast = "" if wanted.which is None else await _switch(call, wanted.which, wanted.on)
    return await show(call, wanted.page, toast)


def parse_pick(words: Sequence[str]) -> Pick:
    """`[PAGE]`, or `on|off TOKEN|all [PAGE]`; anything else is no button of a picker (a UserError)."""
    if len(words) == 1:
        return Pick(page=number(words[0], texts.PAGE_NUMBER))
    if not words:
        return Pick()
    action, which, *rest = words
    if action not in (ON, OFF) or not (which == ALL or is_token(which)) or len(rest) > 1:
        raise UserError(texts.PICK_STALE)
    page = number(rest[0], texts.PAGE_NUMBER) if rest else 1
    return Pick(page, which, action == ON)


async def _switch(call: Call, which: str, on: bool) -> str:
    """Switch the region with token which (or all) for this chat; the toast that says so."""
    request, picker = call.request, call.services.picker
    title = await request.port.title()
    if which == ALL:  # its own texts: "All regions" agrees in number, in Russian
        await picker.switch_all(request.chat, request.chat_kind, title, on)
        return call.voice.text(texts.PICK_ALL_ON if on else texts.PICK_ALL_OFF)
    name = await picker.switch(request.chat, request.chat_kind, title, which, on)
    return call.voice.plain(texts.PICK_SWITCHED_ON if on else texts.PICK_SWITCHED_OFF, name=name)


COMMANDS = [Command(PICK, pick, Audience.CHAT_ADMINS, "[on|off TOKEN|all] [PAGE]", hidden=True)]
