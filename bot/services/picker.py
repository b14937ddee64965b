"""Choosing a chat's regions one at a time: the regions it may pick from, and switching one (or all) on or off."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from bot import texts
from bot.domain.errors import UserError
from bot.domain.models import Address, TargetKind
from bot.services.subscriptions import ALL, MAX_FILTER_REGIONS, Filter, SubscriptionService
from storage.models import Target
from storage.repos import Repos

TOKEN_LENGTH = 10  # hex digits: with 40 bits, two regions of one picker sharing a token are vanishingly unlikely


def region_token(key: str) -> str:
    """A short, fixed-length stand-in for a region key in a button's command: a key of 64 characters can take
    256 bytes of UTF-8, and a button carries 60."""
    return hashlib.blake2b(key.encode(), digest_size=TOKEN_LENGTH // 2).hexdigest()


def is_token(text: str) -> bool:
    """Whether text has the form of a region token."""
    return len(text) == TOKEN_LENGTH and all(char in "0123456789abcdef" for char in text)


@dataclass(frozen=True)
class Pickable:
    """A region as a picker shows it: its token, its name, and whether the chat receives it."""

    token: str
    name: str
    chosen: bool


@dataclass(frozen=True)
class Picker:
    """The regions a chat may pick from (those with posts, and those it follows already), by name."""

    regions: tuple[Pickable, ...]
    current: Filter | None

    @property
    def all_regions(self) -> bool:
        return self.current is not None and self.current.all_regions


class PickerService:
    """Switches a chat's regions one at a time; what a switch says is done whatever the chat had before, so that
    a press repeated, or pressed on an older copy of the buttons, changes nothing more."""

    def __init__(self, repos: Repos) -> None:
        self.repos = repos
        self.subscriptions = SubscriptionService(repos)

    async def picker(self, address: Address) -> Picker:
        """The regions the chat at address may pick from, each marked when the chat receives it."""
        target, followed, names = await self._choosing(address)
        every = target is not None and target.all_regions
        regions = [Pickable(region_token(key), name, every or key in followed) for key, name in names.items()]
        regions.sort(key=lambda region: (region.name.casefold(), region.token))
        current = await self.subscriptions.describe(target) if target else None
        return Picker(tuple(regions), current)

    async def switch(self, address: Address, kind: TargetKind, title: str, token: str, on: bool) -> str:
        """Switch the region with this token on or off for the chat at address; its name. A token of no region
        the chat may pick (one whose last post was deleted, or a forged one) is a UserError."""
        target, _followed, names = await self._choosing(address)
        key = next((key for key in names if region_token(key) == token), None)
        if key is None:
            raise UserError(texts.PICK_STALE)
        if on:
            await self._switch_on(await self.repos.targets.get_or_create(address, kind, title), key, names[key])
        elif target is not None:
            await self._switch_off(target, key)
        return names[key]

    async def switch_all(self, address: Address, kind: TargetKind, title: str, on: bool) -> None:
        """Receive every region (as `subscribe all`), or stop receiving every region when the chat does."""
        if on:
            await self.subscriptions.subscribe(address, kind, title, [ALL])
            return
        target = await self.repos.targets.find(address)
        if target is not None and target.all_regions:
            target.all_regions = False
            await self.repos.targets.clear_regions(target)

    async def _choosing(self, address: Address) -> tuple[Target | None, dict[str, str], dict[str, str]]:
        """The chat's target, the regions it follows (key to name), and the names of every region it may pick."""
        target = await self.repos.targets.find(address)
        followed = await self.repos.targets.regions(target) if target else {}
        return target, followed, await self._names(followed)

    async def _names(self, followed: Mapping[str, str]) -> dict[str, str]:
        """Region names by key: those with published posts, then those the chat follows that have none yet."""
        published = await self.repos.regions.published()
        return published | {key: name for key, name in followed.items() if key not in published}

    async def _switch_on(self, target: Target, key: str, name: str) -> None:
        if target.all_regions:
            return  # every region includes this one
        chosen = await self.repos.targets.regions(target)
        if key not in chosen:
            _check_room(len(chosen) + 1)
            await self.repos.targets.add_regions(target, {key: name})

    async def _switch_off(self, target: Target, key: str) -> None:
        """Off for one region; under all regions, the chat then follows each of the others by name (regions to
        come no longer arrive on their own, so All is no longer checked)."""
        if target.all_regions:
            await self.subscriptions.all_but(target, [key])
        else:
            await self.repos.targets.remove_regions(target, [key])


def _check_room(count: int) -> None:
    """A UserError when a filter of count regions would pass MAX_FILTER_REGIONS."""
    if count > MAX_FILTER_REGIONS:
        raise UserError(texts.FILTER_FULL, limit=MAX_FILTER_REGIONS, count=count)
