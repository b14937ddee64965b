"""Connecting Herald to its Matrix account: the client, the messenger, the commands and the sync loop."""

import logging
from dataclasses import dataclass

from aiohttp import ClientError
from mautrix.client import ClientAPI
from mautrix.errors import MatrixConnectionError, MatrixInvalidToken, MatrixRequestError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands.responder import Responder
from bot.commands.runner import CommandRunner
from bot.domain.markup import Flavour
from bot.domain.render import TEXT_LIMIT, RenderStyle
from bot.matrix.api import create_client
from bot.matrix.commands import CommandRouter
from bot.matrix.errors import MatrixLoginError
from bot.matrix.messenger import MatrixMessenger
from bot.matrix.rooms import Rooms
from bot.matrix.sync import MatrixSync
from bot.media import PhotoFetcher
from bot.reports import Reporter
from bot.settings import Settings

log = logging.getLogger(__name__)

# No deep links on Matrix: "read more" names the command. The text follows the images, so it has no caption limit.
MATRIX_STYLE = RenderStyle(command_prefix="!", deep_link_base=None, caption_limit=TEXT_LIMIT, flavour=Flavour.MATRIX)


@dataclass(frozen=True)
class MatrixParts:
    client: ClientAPI
    messenger: MatrixMessenger
    rooms: Rooms


async def connect(settings: Settings, photos: PhotoFetcher) -> MatrixParts:
    """A client checked with whoami: the configured user id must be the token's own account."""
    assert settings.matrix_homeserver and settings.matrix_user_id and settings.matrix_access_token
    client = create_client(
        settings.matrix_homeserver, settings.matrix_user_id, settings.matrix_access_token.get_secret_value()
    )
    try:
        me = await client.whoami()
    except MatrixInvalidToken:
        await client.api.session.close()
        raise MatrixLoginError("the homeserver refused MATRIX_ACCESS_TOKEN: check the token") from None
    except (MatrixRequestError, MatrixConnectionError, ClientError, OSError) as error:
        await client.api.session.close()
        raise MatrixLoginError(f"cannot reach the homeserver at {settings.matrix_homeserver}: {error}") from None
    if me.user_id != settings.matrix_user_id:
        await client.api.session.close()
        raise MatrixLoginError(
            f"MATRIX_ACCESS_TOKEN belongs to {me.user_id}, not MATRIX_USER_ID {settings.matrix_user_id}"
        )
    log.info("Herald is signed in to Matrix as %s", me.user_id)
    return MatrixParts(client, MatrixMessenger(client, MATRIX_STYLE, photos), Rooms(client))


def build_sync(
    parts: MatrixParts,
    sessions: async_sessionmaker[AsyncSession],
    runner: CommandRunner,
    responder: Responder,
    settings: Settings,
    reporter: Reporter,
) -> MatrixSync:
    """The sync loop, handing every room message to the shared commands."""
    router = CommandRouter(runner, responder, parts.rooms, settings)
    return MatrixSync(parts.client, sessions, router, reporter)
