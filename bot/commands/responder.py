"""Sends a command's replies once its unit of work is committed: in order per chat, through the platform's paced
messenger, so that replies share one budget with broadcasts and a 429 is waited out rather than lost."""

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Protocol

from bot.commands.model import FullText, Preview, Reply, Request, Say, Track
from bot.domain.cuts import split_lines
from bot.domain.models import Address
from bot.domain.render import offer_rest, render_full, render_post
from bot.messenger import DeliveryError, Messenger
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class Lanes(Protocol):
    """Runs jobs one after another per chat, in the order they were submitted."""

    def submit(self, chat: str, job: Job) -> None: ...


class Responder:
    """Answers requests of one platform; a platform binding may override how a text reply goes out."""

    def __init__(self, messenger: Messenger, lanes: Lanes, units: UnitsOfWork) -> None:
        self.messenger, self.lanes, self.units = messenger, lanes, units

    def answer(self, request: Request, replies: Sequence[Reply]) -> None:
        """Queue the replies behind the chat's earlier ones; they leave at the rate the platform allows."""
        if replies:
            self.lanes.submit(str(request.chat), lambda: self.deliver(request, replies))

    async def deliver(self, request: Request, replies: Sequence[Reply]) -> None:
        """Send each reply in turn; one that can't be sent is logged and the rest still go."""
        for index, reply in enumerate(replies):
            try:
                await self.send(request, reply, index)
            except DeliveryError as error:
                log.warning("could not answer %s in %s: %s", request.command or "photos", request.chat, error.reason)

    async def send(self, request: Request, reply: Reply, index: int) -> None:
        """One reply: a preview, a whole post, or a text (whose message may then show a broadcast's progress)."""
        style = self.messenger.style
        if isinstance(reply, Preview):
            key = f"preview-{request.event_key or reply.post.id}-{index}"
            await self.messenger.send_post(request.chat, render_post(reply.post, style, reply.voice), key)
        elif isinstance(reply, FullText):
            parts = render_full(reply.post, style, reply.voice)
            if reply.at_most is not None:
                parts = offer_rest(parts, reply.post.id, style, reply.at_most, reply.place, reply.voice)
            for part in parts:
                await self.messenger.send_notice(request.chat, part)
        else:
            *firsts, last = split_lines(reply.html, style.text_limit)  # a long list goes in several messages
            for part in firsts:
                await self.messenger.send_notice(request.chat, part)
            message_id = await self.send_text(request.chat, replace(reply, html=last))  # the choices go last
            if reply.track is not None:
                await self.track(reply.track, request.chat, message_id)

    async def send_text(self, chat: Address, reply: Say) -> str:
        """A text reply; its message id."""
        return await self.messenger.send_notice(chat, reply.html)

    async def track(self, track: Track, chat: Address, message_id: str) -> None:
        """Remember the message that shows the progress (its own small unit of work, after the send)."""
        async with self.units() as uow:
            await uow.repos.deliveries.track(track.post_id, track.action, chat, message_id)
            await uow.commit()
