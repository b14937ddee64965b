"""Reports to the admin chats (a bot added to a channel, removed from one, ...)."""

import logging
from collections.abc import Callable, Mapping, Sequence

from bot.domain.arguments import is_number
from bot.domain.ids import is_matrix_room_id
from bot.domain.models import COMMAND_PREFIX, Address, Platform
from bot.domain.text import fill
from bot.messenger import DeliveryError, Messenger
from bot.settings import Settings

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


class Reporter:
    """Sends one notice to every admin chat; a chat that can't be reached is logged, not fatal."""

    def __init__(self, messengers: Mapping[Platform, Messenger], addresses: Sequence[Address]) -> None:
        self.messengers, self.addresses = messengers, addresses

    async def announce(self, template: str, **values: object) -> None:
        """A report from a template of `bot.texts`, naming commands as each admin chat's platform does."""
        await self.render_each(lambda prefix: fill(template, prefix, **values))

    async def render_each(self, render: Callable[[str], str]) -> None:
        """A report rendered for each admin chat with its platform's command prefix."""
        for address in self.addresses:
            await self._send(address, render(COMMAND_PREFIX[address.platform]))

    async def report(self, html: str) -> None:
        """The same HTML to every admin chat."""
        for address in self.addresses:
            await self._send(address, html)

    async def _send(self, address: Address, html: str) -> None:
        messenger = self.messengers.get(address.platform)
        if messenger is None:
            return
        try:
            await messenger.send_notice(address, html)
        except DeliveryError as error:
            log.warning("could not report to admin chat %s: %s", address, error.reason)
