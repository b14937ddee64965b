"""Reports to the admin chats (a bot added to a channel, removed from one, ...), each in its chat's language."""

import logging
from collections.abc import Mapping, Sequence

from bot.catalogues import Catalogues
from bot.domain.arguments import is_number
from bot.domain.ids import is_matrix_room_id
from bot.domain.models import Address, Platform
from bot.domain.voice import Voice, Wording
from bot.messenger import DeliveryError, Messenger
from bot.services.languages import LanguageService
from bot.settings import Settings
from storage.repos import Repos
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)


def platform_of(chat: str) -> Platform | None:
    """Telegram chats are numbers; Matrix rooms are room ids (`!id:server`, or `!hash` since version 12)."""
    if is_number(chat.removeprefix("-")):
        return Platform.TELEGRAM
    return Platform.MATRIX if is_matrix_room_id(chat) else None


def admin_addresses(settings: Settings) -> list[Address]:
    """Where reports go: the ADMIN_CHATS, or else the admins' own private chats on Telegram."""
    chats = [chat for chat in settings.admin_chats if platform_of(chat)]
    if not chats:
        chats = sorted(admin for admin in settings.admins if is_number(admin))
    return [Address(platform, chat) for chat in chats if (platform := platform_of(chat))]


async def stored_voice(catalogues: Catalogues, repos: Repos, chat: Address) -> Voice:
    """How Herald speaks in a chat outside a command's reply: in the language stored for it (English if none)."""
    return catalogues.voice(chat.platform, (await LanguageService(repos).current(chat)).language)


class Reporter:
    """Sends one notice to every admin chat, in the chat's language (English until one is set there with
    `language`); a chat that can't be reached is logged, not fatal."""

    def __init__(
        self,
        messengers: Mapping[Platform, Messenger],
        addresses: Sequence[Address],
        catalogues: Catalogues | None = None,
        units: UnitsOfWork | None = None,  # where the chats' languages are read; None: English everywhere
    ) -> None:
        self.messengers, self.addresses = messengers, addresses
        self.catalogues, self.units = catalogues or Catalogues(), units

    async def announce(self, template: str, **values: object) -> None:
        """A report from a template of `bot.texts`, in each admin chat's language and its platform's prefix."""
        await self.render_each(lambda voice: voice.fill(template, **values))

    async def render_each(self, wording: Wording) -> None:
        """A report said to each admin chat in its own voice."""
        for address, voice in await self.voices():
            await self._send(address, wording(voice))

    async def voices(self) -> list[tuple[Address, Voice]]:
        """Each admin chat with how Herald speaks there; English where its language can't be read."""
        if self.units is not None:
            try:
                async with self.units() as uow:
                    return [(a, await stored_voice(self.catalogues, uow.repos, a)) for a in self.addresses]
            except Exception:
                log.warning("could not read the admin chats' languages", exc_info=True)
        return [(a, self.catalogues.voice(a.platform)) for a in self.addresses]

    async def _send(self, address: Address, html: str) -> None:
        messenger = self.messengers.get(address.platform)
        if messenger is None:
            return
        try:
            await messenger.send_notice(address, html)
        except DeliveryError as error:
            log.warning("could not report to admin chat %s: %s", address, error.reason)
