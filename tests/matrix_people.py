"""People on the test Synapse: each has an account and does what a Matrix user would, through the real API."""

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.types import RoomID, UserID

from bot.domain.text import visible_text
from bot.matrix.messenger import line_breaks
from tests.synapse import MatrixUser, Synapse


class MatrixPerson:
    """A registered user with a client of their own."""

    def __init__(self, synapse: Synapse, user: MatrixUser) -> None:
        self.user_id = user.user_id
        self.client = ClientAPI(UserID(user.user_id), base_url=synapse.url, token=user.access_token)

    async def close(self) -> None:
        await self.client.api.session.close()

    async def create_room(
        self, name: str, invite: list[str], power: dict[str, int] | None = None, version: str | None = None
    ) -> str:
        """A private room with the invitees; power sets their power levels, version the room version."""
        body: dict[str, Any] = {"name": name, "invite": invite, "preset": "private_chat"}
        if version:
            body["room_version"] = version
        if power:
            body["power_level_content_override"] = {"users": {self.user_id: 100, **power}}
        reply = await self.client.api.request(Method.POST, Path.v3.createRoom, content=body)
        return str(reply["room_id"])

    async def join(self, room: str) -> None:
        await self.client.join_room_by_id(RoomID(room))

    async def invite(self, room: str, user_id: str) -> None:
        await self.client.api.request(Method.POST, Path.v3.rooms[RoomID(room)].invite, content={"user_id": user_id})

    async def say(self, room: str, text: str) -> str:
        content = {"msgtype": "m.text", "body": text}
        return await self._send(room, content)

    async def say_formatted(self, room: str, markup: str) -> str:
        """Send formatted text, as clients do: HTML (line breaks as <br>) with a plain body."""
        return await self._send(room, formatted_content(markup))

    async def send_image(self, room: str, data: bytes, caption: str | None = None) -> str:
        mxc = await self.client.upload_media(data, mime_type="image/jpeg", filename="photo.jpg")
        content: dict[str, Any] = {"msgtype": "m.image", "body": caption or "photo.jpg", "url": str(mxc)}
        if caption:
            content["filename"] = "photo.jpg"
        return await self._send(room, content)

    async def _send(self, room: str, content: dict[str, Any]) -> str:
        path = Path.v3.rooms[RoomID(room)].send["m.room.message"][self.client.api.get_txn_id()]
        return str((await self.client.api.request(Method.PUT, path, content=content))["event_id"])

    async def events(self, room: str, sender: str | None = None) -> list[dict[str, Any]]:
        """The room's message events, oldest first (sender's only, when given)."""
        query = {"dir": "b", "limit": "1000", "filter": json.dumps({"types": ["m.room.message"]})}
        reply = await self.client.api.request(Method.GET, Path.v3.rooms[RoomID(room)].messages, query_params=query)
        events = list(reversed(reply["chunk"]))
        return [event for event in events if sender is None or event["sender"] == sender]

    async def members(self, room: str) -> set[str]:
        return set(await self.client.get_joined_members(RoomID(room)))

    async def download(self, mxc: str) -> bytes:
        return await self.client.download_media(mxc)  # type: ignore[arg-type]


def formatted_content(markup: str) -> dict[str, Any]:
    """A message as Matrix clients send formatted text: HTML with <br> for line breaks, and a plain body."""
    return {
        "msgtype": "m.text",
        "body": visible_text(markup),
        "format": "org.matrix.custom.html",
        "formatted_body": line_breaks(markup),
    }


def body_of(event: dict[str, Any]) -> str:
    """What a client shows for an event: the formatted body (line breaks as newlines), else the plain body."""
    content = event.get("content", {})
    return str(content.get("formatted_body") or content.get("body") or "").replace("<br>", "\n")


async def reply_in(person: MatrixPerson, room: str, bot_id: str, text: str) -> str:
    """Say text in room and wait for the bot's next notice there."""
    before = len(await person.events(room, bot_id))
    await person.say(room, text)
    found: list[dict[str, Any]] = []

    async def poll() -> None:
        found[:] = await person.events(room, bot_id)

    await eventually_async(poll, lambda: len(found) > before, what=f"a reply to {text!r}")
    return body_of(found[before])


async def eventually_async(
    refresh: Callable[[], Awaitable[None]], check: Callable[[], bool], seconds: float = 20.0, what: str = "condition"
) -> None:
    """Like eventually(), refreshing state with an awaitable before each check."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        await refresh()
        if check():
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def wait_joined(person: MatrixPerson, room: str, user_id: str) -> None:
    """Wait until user_id is a member of room (Herald joins on invite)."""
    members: set[str] = set()

    async def refresh() -> None:
        members.clear()
        members.update(await person.members(room))

    await eventually_async(refresh, lambda: user_id in members, what=f"{user_id} to join {room}")


def matrix_settings(synapse: "Synapse", account: "MatrixUser", **more: str) -> dict[str, str]:
    """The environment that signs herald in to the test Synapse as account, with more settings beside."""
    return {
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": account.user_id,
        "MATRIX_ACCESS_TOKEN": account.access_token,
        **more,
    }
