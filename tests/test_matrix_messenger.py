"""The Matrix messenger against a real Synapse, and its fault translation over real HTTP."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from aiohttp import web

from bot.domain.models import Address, PhotoView, Platform, PostView
from bot.domain.render import render_post
from bot.domain.rich import Rich
from bot.matrix.api import create_client
from bot.matrix.messenger import MatrixMessenger, plain_text
from bot.matrix.setup import MATRIX_STYLE
from bot.media import PhotoFetcher
from bot.memory_messenger import MemoryMessenger
from bot.messenger import RetryAfter, TargetGone, Transient
from tests.factories import ENGLISH
from tests.matrix_people import MatrixPerson
from tests.synapse import MatrixUser, Synapse


@dataclass
class Setup:
    messenger: MatrixMessenger
    bot: MatrixPerson
    room: str
    uploads: list[str]


@pytest.fixture
async def setup(synapse: Synapse, register: Callable[[str], MatrixUser]) -> AsyncIterator[Setup]:
    account = register("herald")
    bot = MatrixPerson(synapse, account)
    room = await bot.create_room("Readers", [])
    photos = PhotoFetcher()
    photos.serve({Platform.TELEGRAM: MemoryMessenger()})  # photos composed on Telegram: bytes from there
    client = create_client(synapse.url, account.user_id, account.access_token)
    messenger = MatrixMessenger(client, MATRIX_STYLE, photos)
    uploads: list[str] = []
    original = client.upload_media

    async def counting_upload(*args: Any, **kwargs: Any) -> Any:
        uploads.append("upload")
        return await original(*args, **kwargs)

    client.upload_media = counting_upload  # type: ignore[method-assign]
    yield Setup(messenger, bot, room, uploads)
    await client.api.session.close()
    await bot.close()


def post(photos: int) -> PostView:
    views = tuple(PhotoView(n, "Photo: Ann", {Platform.TELEGRAM: f"tg-{n}"}) for n in range(photos))
    return PostView(7, "UK", "Bridge Reopens", date(2026, 1, 16), Rich.plain("Body & more."), views)


async def test_the_same_key_never_posts_twice(setup: Setup) -> None:
    address = Address(Platform.MATRIX, setup.room)
    rendered = render_post(post(2), MATRIX_STYLE, ENGLISH)
    first = await setup.messenger.send_post(address, rendered, key="herald-send-1")
    again = await setup.messenger.send_post(address, rendered, key="herald-send-1")  # a retry after a timeout
    assert first.message_ids == again.message_ids and len(first.message_ids) == 3  # two images, then the text
    events = await setup.bot.events(setup.room, setup.bot.user_id)
    assert [e["content"]["msgtype"] for e in events] == ["m.image", "m.image", "m.text"]
    assert setup.uploads == ["upload", "upload"]  # each photo once: the retry reused the mxc URIs
    assert sorted(first.photo_refs) == [0, 1] and all(ref.startswith("mxc://") for ref in first.photo_refs.values())
    assert events[2]["content"]["body"].startswith("Bridge Reopens\n16 January 2026 · #UK")  # the plain-text fallback


async def test_a_room_the_bot_left_is_gone(
    setup: Setup, synapse: Synapse, register: Callable[[str], MatrixUser]
) -> None:
    stranger = MatrixPerson(synapse, register("stranger"))
    elsewhere = await stranger.create_room("Not Herald's", [])
    await stranger.close()
    with pytest.raises(TargetGone, match="M_FORBIDDEN"):
        await setup.messenger.send_post(
            Address(Platform.MATRIX, elsewhere), render_post(post(0), MATRIX_STYLE, ENGLISH), "k"
        )


@pytest.fixture
async def limited_homeserver() -> AsyncIterator[str]:
    """A homeserver that answers every send with 429 M_LIMIT_EXCEEDED, then with 502."""
    answers = [
        web.json_response(
            {"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 1500}, status=429
        ),
        web.json_response({"errcode": "M_UNKNOWN", "error": "Bad gateway"}, status=502),
    ]

    async def send(_request: web.Request) -> web.Response:
        return answers.pop(0)

    app = web.Application()
    app.router.add_put("/_matrix/client/v3/rooms/{room}/send/{type}/{txn}", send)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_limit_exceeded_and_server_errors_become_retry_after_and_transient(limited_homeserver: str) -> None:
    client = create_client(limited_homeserver, "@herald:test", "token")
    messenger = MatrixMessenger(client, MATRIX_STYLE, PhotoFetcher())
    address = Address(Platform.MATRIX, "!room:test")
    try:
        with pytest.raises(RetryAfter) as limited:
            await messenger.send_notice(address, "hi")
        assert limited.value.seconds == 1.5
        with pytest.raises(Transient, match="Bad gateway"):
            await messenger.send_notice(address, "hi")
    finally:
        await client.api.session.close()


def test_the_plain_fallback_spells_out_a_link_only_where_its_address_is_not_its_text() -> None:
    markup = 'See <a href="http://www.ex.org/a">www.ex.org/a</a>, <a href="https://ex.org">the report</a>.'
    assert plain_text(markup) == "See www.ex.org/a, the report (https://ex.org)."
