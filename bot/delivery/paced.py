"""Interactive platform calls paced like broadcasts: they share the platform's budget, go ahead of broadcast
sends, keep to each chat's limits and wait out 429s; and per-chat queues that keep such calls in order."""

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import TypeVar

from bot.delivery.pacing import Pacer
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.render import Rendered, RenderStyle
from bot.messenger import DeliveryError, Messenger, RetryAfter, SentCopy, Transient

log = logging.getLogger(__name__)

T = TypeVar("T")
Job = Callable[[], Awaitable[None]]

TRANSIENT_BACKOFF = (0.5, 1.0, 2.0)  # seconds before each retry after a server or network fault


class PacedMessenger:
    """A Messenger whose every call waits for its chat and the platform's global budget, ahead of broadcasts;
    429s and transient faults are retried within `max_wait` seconds, other faults reach the caller at once."""

    def __init__(
        self,
        inner: Messenger,
        pacer: Pacer,
        kind_of: Callable[[Address], TargetKind],
        max_wait: float = 60.0,
        backoff: Sequence[float] = TRANSIENT_BACKOFF,
    ) -> None:
        self.inner, self.pacer, self.kind_of = inner, pacer, kind_of
        self.max_wait, self.backoff = max_wait, tuple(backoff)

    @property
    def platform(self) -> Platform:
        return self.inner.platform

    @property
    def style(self) -> RenderStyle:
        return self.inner.style

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        """Send post to address; an album costs one send per photo."""
        return await self.call(address, lambda: self.inner.send_post(address, post, key), max(1, len(post.photos)))

    async def edit_post(
        self, address: Address, message_ids: Sequence[str], post: Rendered, media_changed: bool, key: str
    ) -> SentCopy:
        """Bring a delivered copy up to date."""
        return await self.call(address, lambda: self.inner.edit_post(address, message_ids, post, media_changed, key))

    async def delete_post(self, address: Address, message_ids: Sequence[str]) -> None:
        """Delete every message of a delivered copy."""
        await self.call(address, lambda: self.inner.delete_post(address, message_ids))

    async def send_notice(self, address: Address, html: str) -> str:
        """Send a short HTML notice; its message id."""
        return await self.call(address, lambda: self.inner.send_notice(address, html))

    async def edit_notice(self, address: Address, message_id: str, html: str) -> None:
        """Replace a notice's text."""
        await self.call(address, lambda: self.inner.edit_notice(address, message_id, html))

    async def download(self, ref: str) -> bytes:
        """The bytes of a photo (a download is not a message: no pacing)."""
        return await self.inner.download(ref)

    async def call(self, address: Address | None, operation: Callable[[], Awaitable[T]], cost: int = 1) -> T:
        """Run a platform call paced and retried like the Messenger methods; address None (e.g. answering a
        callback query) waits for the global budget only."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait
        retries = iter(self.backoff)
        while True:
            await self._wait_turn(address, cost, deadline)
            try:
                result = await operation()
            except DeliveryError as error:
                delay = self._delay(address, error, retries)
                if delay is None or loop.time() + delay > deadline:
                    raise
                await asyncio.sleep(delay)
                continue
            self.pacer.on_success()
            return result

    async def _wait_turn(self, address: Address | None, cost: int, deadline: float) -> None:
        """Wait for the chat's next slot, then for the global budget ahead of broadcasts."""
        if address is not None:
            chat = address.chat_id  # Telegram limits a forum as one chat, whatever its topics
            if (wait := self.pacer.chat_wait(chat)) > deadline - asyncio.get_running_loop().time():
                raise RetryAfter(f"chat {chat} is not free for {wait:.0f}s, longer than we may wait", wait)
            await self.pacer.wait_for_chat(chat, self.kind_of(address), cost)
        await self.pacer.take(cost, urgent=True)

    def _delay(self, address: Address | None, error: DeliveryError, retries: Iterator[float]) -> float | None:
        """Seconds to wait before trying again, or None when error is final."""
        if isinstance(error, RetryAfter):
            self.pacer.on_retry_after(None if address is None else address.chat_id, error.seconds)
            return error.seconds
        if isinstance(error, Transient):
            return next(retries, None)
        return None  # gone, moved or rejected: retrying cannot help


class ChatQueues:
    """Jobs run one after another per chat, in the order they came; different chats run side by side."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Job]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._pending = 0

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet done."""
        return self._pending

    def submit(self, chat: str, job: Job) -> None:
        """Queue job behind chat's earlier ones."""
        self._pending += 1
        if (queue := self._queues.get(chat)) is not None:
            queue.append(job)
            return
        self._queues[chat] = deque([job])
        self._tasks[chat] = asyncio.create_task(self._run(chat), name=f"chat-queue-{chat}")

    async def drain(self, timeout: float) -> None:  # noqa: ASYNC109 - a budget for the whole drain, not one await
        """Wait up to timeout seconds for the queued jobs, including ones they queue meanwhile."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and (left := deadline - loop.time()) > 0:
            await asyncio.wait(list(self._tasks.values()), timeout=left)

    async def close(self) -> None:
        """Cancel whatever is still queued or running (said in the log: those answers are lost)."""
        tasks = list(self._tasks.values())
        if self._pending:
            log.warning("stopping with %d queued replies unsent", self._pending)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        # A task cancelled before its first step never reaches its own clean-up.
        self._pending -= sum(len(queue) for queue in self._queues.values())
        self._queues.clear()
        self._tasks.clear()

    async def _run(self, chat: str) -> None:
        queue = self._queues[chat]
        try:
            while queue:
                await self._perform(chat, queue.popleft())
        finally:
            self._pending -= len(queue)  # cancelled: what never ran is not pending any more
            del self._queues[chat], self._tasks[chat]  # an idle chat is forgotten

    async def _perform(self, chat: str, job: Job) -> None:
        """Run one job; its failure is logged once and the chat's queue goes on."""
        try:
            await job()
        except DeliveryError as error:
            log.warning("chat %s: a queued call failed: %s: %s", chat, type(error).__name__, error.reason)
        except Exception:
            log.exception("chat %s: a queued call failed unexpectedly", chat)
        finally:
            self._pending -= 1
