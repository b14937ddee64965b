"""The Matrix sync loop: joins rooms it is invited to, hands messages to the commands, and saves its token."""

import asyncio
import json
import logging
from typing import Any

from aiohttp import ClientError
from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MUnknownToken
from mautrix.types import RoomID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.models import Address, Platform
from bot.domain.text import escape
from bot.matrix.commands import CommandRouter, Incoming
from bot.matrix.errors import MatrixLoginError
from bot.reports import Reporter
from bot.services.subscriptions import SubscriptionService
from storage.repos import Repos

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


class MatrixSync:
    """Reads the bot's event stream. The token is saved after each batch is handled, and each command records
    its event id in its own transaction, so a crash neither skips a command nor answers one twice."""

    def __init__(
        self,
        client: ClientAPI,
        sessions: async_sessionmaker[AsyncSession],
        router: CommandRouter,
        reporter: Reporter,
    ) -> None:
        self.client, self.sessions, self.router, self.reporter = client, sessions, router, reporter
        self.account = f"matrix:{client.mxid}"

    async def run(self) -> None:
        """Sync until cancelled; a fresh start skips history (the first sync only joins pending invites)."""
        token = await self._load()
        if token is None:
            first = await self._sync(None, FIRST_SYNC_FILTER, timeout_ms=0)
            await self._join_invites(first)
            token = await self._save(first)
        failures = 0
        while True:
            try:
                batch = await self._sync(token, SYNC_FILTER, TIMEOUT_MS)
            except (MatrixRequestError, MatrixConnectionError, ClientError, TimeoutError) as error:
                failures += 1
                wait = min(60.0, 2.0**failures)
                log.warning("Matrix sync failed (%s); trying again in %.0f s", type(error).__name__, wait)
                await asyncio.sleep(wait)
                continue
            failures = 0
            await self.handle(batch)
            token = await self._save(batch)

    async def _sync(self, since: str | None, filter_json: str, timeout_ms: int) -> dict[str, Any]:
        query = {"filter": filter_json, "timeout": str(timeout_ms)}
        if since:
            query["since"] = since
        try:
            reply = await self.client.api.request(Method.GET, Path.v3.sync, query_params=query)
        except MUnknownToken:  # Herald stops: nothing it sends to Matrix could arrive any more
            raise MatrixLoginError("the homeserver no longer accepts MATRIX_ACCESS_TOKEN (logged out?)") from None
        return reply if isinstance(reply, dict) else {}

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
        try:
            await self.router.handle(incoming)
        except Exception:  # a homeserver fault while checking a sender must not stop the sync loop
            log.exception("could not handle %s in %s", incoming.event_id, incoming.room)

    async def _join_invites(self, batch: dict[str, Any]) -> None:
        for room, invite in batch.get("rooms", {}).get("invite", {}).items():
            inviter = next(
                (
                    event.get("sender", "someone")
                    for event in invite.get("invite_state", {}).get("events", [])
                    if event.get("type") == "m.room.member" and event.get("state_key") == self.client.mxid
                ),
                "someone",
            )
            try:
                await self.client.join_room_by_id(RoomID(room))
            except MatrixRequestError as error:
                log.warning("could not join %s: %s", room, error)
                continue
            await self.reporter.report(
                f"Herald joined room <code>{escape(room)}</code>, invited by {escape(inviter)}. "
                f"Its moderators can !subscribe REGION there, or register it with !addchannel {escape(room)} REGION…"
            )

    async def _left(self, room: str, left: dict[str, Any]) -> None:
        """Kicked, banned or gone: the room stops receiving posts and the admins are told."""
        events = left.get("timeline", {}).get("events", [])
        mine = [e for e in events if e.get("type") == "m.room.member" and e.get("state_key") == self.client.mxid]
        membership = mine[-1].get("content", {}).get("membership", "leave") if mine else "leave"
        async with self.sessions() as session:
            known = await SubscriptionService(Repos.over(session)).deactivate(
                Address(Platform.MATRIX, room), f"removed from the room ({membership})"
            )
            await session.commit()
        if known:
            await self.reporter.report(
                f"Herald left room <code>{escape(room)}</code> ({membership}); it no longer receives posts."
            )

    async def _load(self) -> str | None:
        async with self.sessions() as session:
            repos = Repos.over(session)
            await repos.inbox.forget_before()
            token = await repos.inbox.next_batch(self.account)
            await session.commit()
            return token

    async def _save(self, batch: dict[str, Any]) -> str:
        token = str(batch["next_batch"])
        async with self.sessions() as session:
            await Repos.over(session).inbox.save_next_batch(self.account, token)
            await session.commit()
        return token
