"""The Matrix sync loop: joins rooms it is invited to, hands messages to the commands, and saves its token."""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

from aiohttp import ClientError
from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MUnknownToken
from mautrix.types import RoomID
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.domain.models import COMMAND_PREFIX, Address, Platform
from bot.domain.reasons import Reason, code, said
from bot.domain.voice import Voice
from bot.matrix.api import translate
from bot.matrix.commands import CommandRouter, Incoming
from bot.matrix.errors import MatrixLoginError
from bot.messenger import DeliveryError, RetryAfter, Transient
from bot.reports import Reporter
from bot.services.subscriptions import SubscriptionService
from storage.uow import UnitsOfWork

log = logging.getLogger(__name__)

SYNC_FILTER = json.dumps(
    {
        "presence": {"types": []},
        "account_data": {"types": []},
        "room": {
            "timeline": {"types": ["m.room.message", "m.room.member"], "limit": 100},
            "state": {"types": ["m.room.member"], "lazy_load_members": True},
            "ephemeral": {"types": []},
            "account_data": {"types": []},
        },
    }
)
FIRST_SYNC_FILTER = json.dumps({"room": {"timeline": {"limit": 0}, "state": {"types": []}}, "presence": {"types": []}})
TIMEOUT_MS = 30_000
MAX_WAIT = 60.0  # seconds between retries, at most
MESSAGE_ATTEMPTS = 5  # a message whose handling keeps failing is dropped, so that it can't stall every room
# Faults of the network, the homeserver or the database (SQLite's "database is locked"), logged in one line;
# anything else is a bug, logged with its traceback.
EXPECTED_FAULTS = (
    MatrixRequestError,
    MatrixConnectionError,
    ClientError,
    TimeoutError,
    DeliveryError,
    OperationalError,
)

T = TypeVar("T")


def joined_text(room: str, inviter: str, voice: Voice) -> str:
    """The report of a room Herald joined: the commands it names are typed in that Matrix room, whichever
    platform reads the report."""
    return voice.with_prefix(COMMAND_PREFIX[Platform.MATRIX]).fill(texts.REPORT_JOINED_ROOM, room=room, inviter=inviter)


class MatrixSync:
    """Reads the bot's event stream. The token is saved after each batch is handled, and each command records
    its event id in its own transaction, so neither a crash nor a retried batch skips a command or answers one
    twice."""

    def __init__(
        self,
        client: ClientAPI,
        sessions: async_sessionmaker[AsyncSession],
        router: CommandRouter,
        reporter: Reporter,
    ) -> None:
        self.client, self.units, self.router, self.reporter = client, UnitsOfWork(sessions), router, reporter
        self.account = f"matrix:{client.mxid}"
        self.first_wait = 2.0  # seconds before the first retry; the wait doubles with each failure
        self._done: set[str] = set()  # what this batch's earlier attempts did: events, invites, leaves
        self._failures: dict[str, int] = {}  # failed attempts per event in this batch

    async def run(self) -> None:
        """Sync until cancelled; a fresh start skips history (the first sync only joins pending invites).

        Any failure is logged and its step retried with backoff: only a revoked token ends the loop, so a locked
        database or a homeserver fault can't take Telegram down with it."""
        token = await self._retrying("start", self._start)
        while True:
            batch = await self._retrying("sync", partial(self._sync, token, SYNC_FILTER, TIMEOUT_MS))
            token = await self._retrying("handle a sync batch", partial(self._process, batch))

    async def _retrying(self, what: str, step: Callable[[], Awaitable[T]]) -> T:
        """step's result, trying again after each failure with a doubling wait (up to a minute)."""
        failures = 0
        while True:
            try:
                return await step()
            except MatrixLoginError:
                raise
            except Exception as error:
                failures += 1
                wait = min(MAX_WAIT, self.first_wait * 2 ** (failures - 1))
                if isinstance(error, EXPECTED_FAULTS):
                    log.warning("Matrix: could not %s (%s); trying again in %.1f s", what, _reason(error), wait)
                else:  # the traceback says where the bug is
                    log.exception("Matrix: could not %s; trying again in %.1f s", what, wait)
            await asyncio.sleep(wait)

    async def _start(self) -> str:
        token = await self._load()
        if token is None:
            first = await self._sync(None, FIRST_SYNC_FILTER, timeout_ms=0)
            await self._join_invites(first)
            token = await self._finish(first)
        return token

    async def _process(self, batch: dict[str, Any]) -> str:
        """Handle a batch, then save its token. A retry handles the same batch again: what this process already
        did for it (joins reported, messages handled) is skipped, and the inbox skips commands done before a crash."""
        await self.handle(batch)
        return await self._finish(batch)

    async def _finish(self, batch: dict[str, Any]) -> str:
        """Save the batch's token; the next batch starts with nothing done."""
        token = await self._save(batch)
        self._done.clear()
        self._failures.clear()
        return token

    async def _sync(self, since: str | None, filter_json: str, timeout_ms: int) -> dict[str, Any]:
        query = {"filter": filter_json, "timeout": str(timeout_ms)}
        if since:
            query["since"] = since
        try:
            reply = await self.client.api.request(Method.GET, Path.v3.sync, query_params=query)
        except MUnknownToken:  # Herald stops: nothing it sends to Matrix could arrive any more
            raise MatrixLoginError("the homeserver no longer accepts MATRIX_ACCESS_TOKEN (logged out?)") from None
        if not isinstance(reply, dict) or not isinstance(reply.get("next_batch"), str):
            raise ValueError("a sync reply without next_batch")  # sync again rather than retry a batch forever
        return reply

    async def handle(self, batch: dict[str, Any]) -> None:
        """Invites first, then every room's new messages in order, then rooms Herald was removed from."""
        rooms = batch.get("rooms", {})
        await self._join_invites(batch)
        for room, joined in rooms.get("join", {}).items():
            for event in joined.get("timeline", {}).get("events", []):
                if event.get("type") == "m.room.message" and event.get("sender") != self.client.mxid:
                    await self._message(Incoming(room, event["sender"], event["event_id"], event.get("content", {})))
        for room, left in rooms.get("leave", {}).items():
            await self._left(room, left)

    async def _message(self, incoming: Incoming) -> None:
        """Hand one message to the router once; it fails the batch (to be retried) a few times, then is dropped."""
        if incoming.event_id in self._done:
            return
        try:
            await self.router.handle(incoming)
        except Exception:
            failures = self._failures[incoming.event_id] = self._failures.get(incoming.event_id, 0) + 1
            if failures < MESSAGE_ATTEMPTS:
                raise
            log.exception("Matrix: gave up on %s in %s after %d attempts", incoming.event_id, incoming.room, failures)
        self._done.add(incoming.event_id)

    async def _join_invites(self, batch: dict[str, Any]) -> None:
        """Join every room of the batch first, then report: an admin room joined in the same batch (at a first
        start, all of them) gets the reports of the others too."""
        joined: list[tuple[str, str]] = []
        for room, invite in batch.get("rooms", {}).get("invite", {}).items():
            if f"invite {room}" in self._done:
                continue
            if (inviter := await self._join(room, invite)) is None:
                self._done.add(f"invite {room}")  # refused: nothing to report
            else:
                joined.append((room, inviter))
        for room, inviter in joined:
            await self.reporter.render_each(partial(joined_text, room, inviter))
            self._done.add(f"invite {room}")  # only now: a batch retried after a failed report joins (a no-op)
            # and reports again

    async def _join(self, room: str, invite: dict[str, Any]) -> str | None:
        """Join a room Herald was invited to; who invited it, or None when the join was refused (a failed one is
        retried with the batch)."""
        inviter = next(
            (
                event.get("sender", texts.SOMEONE)
                for event in invite.get("invite_state", {}).get("events", [])
                if event.get("type") == "m.room.member" and event.get("state_key") == self.client.mxid
            ),
            texts.SOMEONE,
        )
        try:
            await self.client.join_room_by_id(RoomID(room))
        except MatrixRequestError as error:
            if isinstance(translate(error), Transient | RetryAfter):
                raise
            log.warning("could not join %s: %s", room, error)
            return None
        return inviter

    async def _left(self, room: str, left: dict[str, Any]) -> None:
        """Kicked, banned or gone: the room stops receiving posts and the admins are told (once per batch)."""
        if f"leave {room}" in self._done:
            return
        events = left.get("timeline", {}).get("events", [])
        mine = [e for e in events if e.get("type") == "m.room.member" and e.get("state_key") == self.client.mxid]
        membership = mine[-1].get("content", {}).get("membership", "leave") if mine else "leave"
        reason = code(Reason.REMOVED_FROM_ROOM, membership)
        async with self.units() as uow:
            known = await SubscriptionService(uow.repos).deactivate(Address(Platform.MATRIX, room), reason)
            await uow.commit()
        if known:
            await self.reporter.render_each(
                lambda voice: voice.fill(texts.REPORT_LEFT_ROOM, room=room, reason=said(reason, voice))
            )
        self._done.add(f"leave {room}")

    async def _load(self) -> str | None:
        async with self.units() as uow:
            await uow.repos.inbox.forget_before()
            token = await uow.repos.inbox.next_batch(self.account)
            await uow.commit()
            return token

    async def _save(self, batch: dict[str, Any]) -> str:
        token = str(batch["next_batch"])
        async with self.units() as uow:
            await uow.repos.inbox.save_next_batch(self.account, token)
            await uow.commit()
        return token


def _reason(error: Exception) -> str:
    """A fault in a few words, for one log line."""
    if isinstance(error, DeliveryError):
        return error.reason
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
