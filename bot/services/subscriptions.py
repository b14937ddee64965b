"""Region filters of targets: subscriptions of chats and registered channels."""

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot import texts
from bot.domain.arguments import join_words
from bot.domain.errors import UserError
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.titles import MAX_REGION_LENGTH, is_region_name, region_key
from storage.models import Target
from storage.repos import Repos

ALL = "all"
CONFIRM = "new"  # `subscribe new Atlantis`: wait for a region no post has used yet
MAX_FILTER_REGIONS = 100  # regions one chat may follow (stated in help and the README)
MAX_GUESSES = 3


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
    language: str | None = None  # None: not known yet (English)

    @property
    def empty(self) -> bool:
        return not self.all_regions and not self.regions


class SubscriptionService:
    """Subscribes and unsubscribes chats, channels and rooms to regions."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos

    async def subscribe(
        self,
        address: Address,
        kind: TargetKind,
        title: str,
        names: Sequence[str],
        *,
        insider: bool = False,
        confirmed: bool = True,
    ) -> Filter:
        """Add regions (or `all`) to the filter of the target at address, creating the target. Names no published
        post has used (drafts' regions count only for an insider) are stored only when confirmed: otherwise
        nothing is, and the error offers the closest known regions."""
        wanted = _regions_or_all(names)
        if wanted is None:
            return await self._subscribe_all(address, kind, title)
        keys, unknown = await self._keys(wanted, insider)
        if unknown and not confirmed:
            raise UnconfirmedRegions(wanted, unknown, await self._guesses(unknown))
        if impossible := [name for name in unknown if not is_region_name(name)]:  # no title line could make it
            raise UserError(texts.NOT_A_REGION_NAME, name=impossible[0], form=texts.EXPECTED_FORM)
        await self._check_room(address, keys)
        target = await self.repos.targets.get_or_create(address, kind, title)
        await self.repos.targets.add_regions(target, keys)
        return await self.describe(target, unknown)

    async def _subscribe_all(self, address: Address, kind: TargetKind, title: str) -> Filter:
        target = await self.repos.targets.get_or_create(address, kind, title)
        target.all_regions = True
        await self.repos.targets.clear_regions(target)
        return await self.describe(target)

    async def unsubscribe(self, address: Address, names: Sequence[str]) -> Filter | None:
        """Remove regions (or everything) from the filter; None when the chat had no subscription."""
        wanted = _regions_or_all(names)
        target = await self.repos.targets.find(address)
        if target is None:
            return None
        if wanted is None:
            target.all_regions = False
            await self.repos.targets.clear_regions(target)
            return await self.describe(target)
        keys, _unknown = await self._keys(wanted)
        if target.all_regions:
            await self.all_but(target, keys)
        else:
            await self.repos.targets.remove_regions(target, keys)
        return await self.describe(target)

    async def all_but(self, target: Target, keys: Collection[str]) -> None:
        """A chat that receives every region stops receiving some: it then follows each of the others by name
        (regions to come no longer arrive on their own)."""
        published = await self.repos.regions.published()
        others = {key: name for key, name in published.items() if key not in keys}
        if len(others) > MAX_FILTER_REGIONS:
            raise UserError(texts.FILTER_FULL, limit=MAX_FILTER_REGIONS, count=len(others))
        target.all_regions = False
        await self.repos.targets.add_regions(target, others)

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
        """A target's filter with region names as users wrote them (a region's own spelling once it is published)."""
        names = []
        for key, chosen_as in (await self.repos.targets.regions(target)).items():
            region = await self.repos.regions.resolve_published(key)
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
            language=target.language,
        )

    async def _keys(self, names: Sequence[str], insider: bool = False) -> tuple[dict[str, str], list[str]]:
        """Region keys for names (aliases resolved) with their names, and the names no region known to this sender
        has: one with published posts, or for an insider any region (drafts' too)."""
        keys: dict[str, str] = {}
        unknown = []
        for name in names:
            region = await self.repos.regions.resolve(name)
            known = region is not None and (insider or await self.repos.regions.has_published(region.id))
            keys[region.key if region else region_key(name)] = region.name if region and known else name
            if not known:
                unknown.append(name)
        return keys, unknown

    async def _guesses(self, unknown: Sequence[str]) -> dict[str, list[str]]:
        """For each unknown name, the closest names (or aliases) of regions with published posts."""
        spellings: dict[str, str] = {}
        for region in await self.repos.regions.with_counts():
            for name in (region.name, *region.aliases):
                spellings.setdefault(region_key(name), name)
        return {name: [spellings[key] for key in close_matches(region_key(name), spellings)] for name in unknown}

    async def _check_room(self, address: Address, keys: Mapping[str, str]) -> None:
        """A UserError when the target's filter would pass MAX_FILTER_REGIONS."""
        target = await self.repos.targets.find(address)
        chosen = set(keys) | set(await self.repos.targets.regions(target) if target else ())
        if len(chosen) > MAX_FILTER_REGIONS:
            raise UserError(texts.FILTER_FULL, limit=MAX_FILTER_REGIONS, count=len(chosen))


class UnconfirmedRegions(UserError):
    """Names no post has used yet: nothing is stored; the sender may pick a close region (`offered`, the command
    corrected as `picked`) or confirm them (`subscribe` with `line`). The handler words it."""

    def __init__(self, names: Sequence[str], unknown: Sequence[str], guesses: Mapping[str, list[str]]) -> None:
        self.offered = list(dict.fromkeys(guess for name in unknown for guess in guesses.get(name, [])))
        self.picked = [name for name in (_corrected(name, unknown, guesses) for name in names) if name]
        self.line = join_words([CONFIRM, *names])
        super().__init__(texts.UNCONFIRMED_REGIONS, unknown=", ".join(unknown))
        self.unknown, self.guesses = tuple(unknown), guesses


def _corrected(name: str, unknown: Sequence[str], guesses: Mapping[str, list[str]]) -> str | None:
    """A name as the corrected command would have it: its closest region when it is unknown, or None."""
    if name not in unknown:
        return name
    return next(iter(guesses.get(name, [])), None)


def close_matches(key: str, keys: Iterable[str]) -> list[str]:
    """The keys closest to key, best first (a typo's likely meanings)."""
    return difflib.get_close_matches(key, list(keys), n=MAX_GUESSES, cutoff=0.6)


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
