"""Region filters of targets: subscriptions of chats and registered channels."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.titles import MAX_REGION_LENGTH, region_key
from storage.models import Target
from storage.repos import Repos

ALL = "all"


@dataclass(frozen=True)
class Filter:
    """A target's region filter as users see it; `unknown` names had no post yet when chosen."""

    address: Address
    title: str
    kind: TargetKind
    all_regions: bool
    regions: tuple[str, ...]
    active: bool = True
    inactive_reason: str | None = None
    unknown: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.all_regions and not self.regions


class SubscriptionService:
    """Subscribes and unsubscribes chats, channels and rooms to regions."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos

    async def subscribe(self, address: Address, kind: TargetKind, title: str, names: Sequence[str]) -> Filter:
        """Add regions (or `all`) to the filter of the target at address, creating the target."""
        wanted = _regions_or_all(names)
        target = await self.repos.targets.get_or_create(address, kind, title)
        if wanted is None:
            target.all_regions = True
            await self.repos.targets.clear_regions(target)
            return await self.describe(target)
        keys, unknown = await self._keys(wanted)
        await self.repos.targets.add_regions(target, keys)
        return await self.describe(target, unknown)

    async def unsubscribe(self, address: Address, names: Sequence[str]) -> Filter | None:
        """Remove regions (or everything) from the filter; None when the chat had no subscription."""
        wanted = _regions_or_all(names)
        target = await self.repos.targets.find(address)
        if target is None:
            return None
        if wanted is None:
            target.all_regions = False
            await self.repos.targets.clear_regions(target)
        else:
            keys, _unknown = await self._keys(wanted)
            await self.repos.targets.remove_regions(target, keys)
        return await self.describe(target)

    async def current(self, address: Address) -> Filter | None:
        """The filter of the target at address, if it has one."""
        target = await self.repos.targets.find(address)
        return None if target is None else await self.describe(target)

    async def deactivate(self, address: Address, reason: str) -> int:
        """Stop delivering to every target in address's chat (topics included); how many there were."""
        targets = await self.repos.targets.in_chat(address.platform, address.chat_id)
        for target in targets:
            target.active, target.inactive_reason = False, reason[:255]
        return len(targets)

    async def describe(self, target: Target, unknown: Sequence[str] = ()) -> Filter:
        """A target's filter with region names as users wrote them."""
        names = []
        for key, chosen_as in (await self.repos.targets.regions(target)).items():
            region = await self.repos.regions.resolve(key)
            names.append(region.name if region else chosen_as)
        return Filter(
            address=Address(Platform(target.platform), target.chat_id, target.thread_id or None),
            title=target.title,
            kind=TargetKind(target.kind),
            all_regions=target.all_regions,
            regions=tuple(names),
            active=target.active,
            inactive_reason=target.inactive_reason,
            unknown=tuple(unknown),
        )

    async def _keys(self, names: Sequence[str]) -> tuple[dict[str, str], list[str]]:
        """Region keys for names (aliases resolved) with their names, and the names no known region has."""
        keys: dict[str, str] = {}
        unknown = []
        for name in names:
            region = await self.repos.regions.resolve(name)
            keys[region.key if region else region_key(name)] = region.name if region else name
            if region is None:
                unknown.append(name)
        return keys, unknown


def _regions_or_all(names: Sequence[str]) -> list[str] | None:
    """The region names asked for, or None for `all`; a missing or overlong name is a UserError."""
    if not names:
        raise UserError(texts.NAME_A_REGION)
    if any(name.casefold() == ALL for name in names):
        return None
    too_long = [name for name in names if len(name) > MAX_REGION_LENGTH]
    if too_long:
        raise UserError(texts.REGION_TOO_LONG, name=too_long[0][:60])
    return list(dict.fromkeys(names))
