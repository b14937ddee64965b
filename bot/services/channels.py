"""Channels, groups and rooms that admins register as subscribers."""

from collections.abc import Sequence
from dataclasses import replace

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import Address, TargetKind
from bot.services.languages import LanguageService
from bot.services.subscriptions import ALL, Filter, SubscriptionService
from storage.repos import Repos


class ChannelService:
    """Registers, lists and removes shared targets."""

    def __init__(self, repos: Repos, languages: LanguageService, filters: SubscriptionService) -> None:
        self.repos, self.languages, self.filters = repos, languages, filters

    async def add(
        self, address: Address, kind: TargetKind, title: str, names: Sequence[str], language: str | None = None
    ) -> Filter:
        """Register address with a region filter (every region when none is named), and in language when one is
        given (else it keeps the one it has)."""
        target = await self.repos.targets.find(address)
        if target is not None:
            target.all_regions = False
            await self.repos.targets.clear_regions(target)
        added = await self.filters.subscribe(address, kind, title, list(names) or [ALL])
        if language is None:
            return added
        await self.languages.choose(address, kind, title, language)
        return replace(added, language=language)

    async def relanguage(self, address: Address, language: str) -> Filter | None:
        """Change only the language of a target that receives something, keeping its regions; None when it
        receives nothing yet (it is to be registered instead)."""
        target = await self.repos.targets.find(address)
        if target is None:
            return None
        described = await self.filters.describe(target)
        if described.empty:
            return None
        target.language, target.language_chosen = language, True
        return replace(described, language=language)

    async def remove(self, address: Address) -> Filter:
        """Stop delivering to address; what it had been receiving."""
        target = await self.repos.targets.find(address)
        if target is None:
            raise UserError(texts.NOT_REGISTERED, target=address)
        described = await self.filters.describe(target)
        await self.repos.targets.remove(target)
        return described

    async def list(self) -> list[Filter]:
        """Every registered channel, group and room, with its filter and state."""
        return [await self.filters.describe(target) for target in await self.repos.targets.shared()]
