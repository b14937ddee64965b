"""The language Herald speaks in each chat, kept with the chat's target so that broadcasts use it too."""

from dataclasses import dataclass

from bot.domain.models import Address, TargetKind
from bot.domain.voice import ENGLISH
from storage.models import Target
from storage.repos import Repos


@dataclass(frozen=True)
class ChatLanguage:
    """A chat's language as stored: None when not known yet; chosen when someone set it with `language`."""

    language: str | None
    chosen: bool = False


class LanguageService:
    """Reads and sets chats' languages. A private chat follows its person's app language until they choose one."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos

    async def current(self, chat: Address) -> ChatLanguage:
        """The chat's stored language."""
        target = await self.repos.targets.find(chat)
        return ChatLanguage(None) if target is None else ChatLanguage(target.language, target.language_chosen)

    async def of_chat(self, chat: Address, private: bool, reported: str | None) -> str | None:
        """The language to speak in chat: the one chosen there, else in a private chat the app's language (as
        `reported` by the platform), else the stored one; None when nothing is known (English)."""
        return _spoken(await self.repos.targets.find(chat), private, reported)

    async def settle(self, chat: Address, private: bool, reported: str | None) -> str | None:
        """The language to speak in chat (as `of_chat`), the chat's target read once for a command; a private
        chat's target is kept in its person's app language, for what reaches it outside a command's reply:
        posts, a broadcast's progress (written only when it changed, and never over a chosen language). A chat
        with no target gets one only for a language other than English; with no regions it receives nothing."""
        target = await self.repos.targets.find(chat)
        spoken = _spoken(target, private, reported)
        if not private or not reported:
            return spoken
        if target is None and reported != ENGLISH:
            target = await self.repos.targets.get_or_create(chat, TargetKind.PRIVATE, "")
        if target is not None and not target.language_chosen and target.language != reported:
            target.language = reported
        return spoken

    async def choose(self, chat: Address, kind: TargetKind, title: str, language: str) -> None:
        """Set the chat's language (its target is created if it has none: it still receives nothing until it
        subscribes); a platform's app language no longer overrides it."""
        target = await self.repos.targets.get_or_create(chat, kind, title)
        target.language, target.language_chosen = language, True


def _spoken(target: Target | None, private: bool, reported: str | None) -> str | None:
    """The language to speak to a chat with this target: its chosen one wins over a private chat's app."""
    if private and reported and (target is None or not target.language_chosen):
        return reported
    return None if target is None else target.language
