"""Why a delivery was skipped or a target stopped receiving: Herald stores its own reasons as codes, translated
when shown; a platform's error description is its own words and is shown as it is."""

import re
from enum import StrEnum

from bot import texts
from bot.domain.voice import Voice

PREFIX = "herald:"  # no platform's error description starts so: what does is Herald's own reason


class Reason(StrEnum):
    """A reason Herald gives itself, as stored (the removals take the platform's membership after a colon)."""

    GONE = "gone"
    WITHDRAWN = "withdrawn"
    DELETED = "deleted"
    NO_PLATFORM = "no-platform"
    UNKNOWN = "unknown"
    REMOVED_FROM_CHAT = "chat"
    REMOVED_FROM_ROOM = "room"


def code(reason: Reason, membership: str = "") -> str:
    """A reason as stored: `herald:gone`, `herald:chat:kicked` (a Telegram member status or a Matrix membership)."""
    return f"{PREFIX}{reason}:{membership}" if membership else f"{PREFIX}{reason}"


_TEXTS = {
    code(Reason.GONE): texts.REASON_GONE,
    code(Reason.WITHDRAWN): texts.REASON_WITHDRAWN,
    code(Reason.DELETED): texts.REASON_DELETED,
    code(Reason.NO_PLATFORM): texts.REASON_NO_PLATFORM,
    code(Reason.UNKNOWN): texts.REASON_UNKNOWN,
    code(Reason.REMOVED_FROM_CHAT, "kicked"): texts.REASON_BANNED_FROM_CHAT,
    code(Reason.REMOVED_FROM_CHAT, "left"): texts.REASON_REMOVED_FROM_CHAT,
    code(Reason.REMOVED_FROM_ROOM, "ban"): texts.REASON_BANNED_FROM_ROOM,
    code(Reason.REMOVED_FROM_ROOM, "leave"): texts.REASON_REMOVED_FROM_ROOM,
}
_OTHER_MEMBERSHIP: dict[str, str] = {
    Reason.REMOVED_FROM_CHAT: texts.REASON_OUT_OF_CHAT,
    Reason.REMOVED_FROM_ROOM: texts.REASON_OUT_OF_ROOM,
}
# the English Herald stored before it stored codes: old rows are translated too
_OLD = {
    "the post or the target is gone": code(Reason.GONE),
    "the post was withdrawn": code(Reason.WITHDRAWN),
    "the post was deleted": code(Reason.DELETED),
    "the platform is not configured": code(Reason.NO_PLATFORM),
    "unknown error": code(Reason.UNKNOWN),
}
_OLD_REMOVED = re.compile(r"removed from the (chat|room) \((\w+)\)")


def said(stored: str, voice: Voice) -> str:
    """A stored reason as plain text in voice's language (a platform's description unchanged)."""
    stored = _as_code(stored)
    if (text := _TEXTS.get(stored)) is not None:
        return voice.text(text)
    name, _, membership = stored.removeprefix(PREFIX).partition(":")
    if stored.startswith(PREFIX) and membership and (other := _OTHER_MEMBERSHIP.get(name)):
        return voice.plain(other, membership=membership)
    return stored


def _as_code(stored: str) -> str:
    if stored in _OLD:
        return _OLD[stored]
    if match := _OLD_REMOVED.fullmatch(stored):
        return code(Reason(match[1]), match[2])
    return stored
