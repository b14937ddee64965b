"""What Herald asks a homeserver about rooms: power levels, direct chats, names, and whether it may post."""

from typing import Any

from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MatrixRequestError, MNotFound
from mautrix.types import RoomAlias, RoomID

from bot import texts
from bot.domain.errors import UserError
from bot.domain.ids import is_matrix_room_id
from bot.matrix.api import call, translate
from bot.messenger import fault_or

CREATOR_LEVEL = 2**53 - 1  # a room creator's power in room version 12 and later: above any number
ROOM_ADMIN_LEVEL = 50  # the usual "moderator" level: who may change what a room receives


class Rooms:
    """Room state read through the bot's account."""

    def __init__(self, client: ClientAPI) -> None:
        self.client = client

    async def _state(self, room: str, event_type: str, whole_event: bool = False) -> dict[str, Any]:
        path = Path.v3.rooms[RoomID(room)].state[event_type][""]
        query = {"format": "event"} if whole_event else {}
        try:
            reply = await self.client.api.request(Method.GET, path, query_params=query)
        except MNotFound:
            return {}
        except MatrixRequestError as error:
            raise translate(error) from error
        return reply if isinstance(reply, dict) else {}

    async def power_level(self, room: str, user: str, event: str | None = None) -> tuple[int, int]:
        """The user's power level in the room, and the level needed to send event (or to change state)."""
        levels = await self._state(room, "m.room.power_levels")
        users: dict[str, int] = levels.get("users", {})
        if user in users:
            have = int(users[user])
        else:
            have = CREATOR_LEVEL if await self._is_creator(room, user) else int(levels.get("users_default", 0))
        events: dict[str, int] = levels.get("events", {})
        default = levels.get("events_default", 0) if event else levels.get("state_default", ROOM_ADMIN_LEVEL)
        need = int(events.get(event, default)) if event else int(default)
        return have, need

    async def _is_creator(self, room: str, user: str) -> bool:
        """Since room version 12 the creators outrank every power level and are not listed in `users`."""
        create = await self._state(room, "m.room.create", whole_event=True)
        creators = [create.get("sender"), *create.get("content", {}).get("additional_creators", [])]
        return user in creators

    async def is_room_admin(self, room: str, user: str) -> bool:
        """Power level ≥ 50 in the room."""
        have, _ = await self.power_level(room, user)
        return have >= ROOM_ADMIN_LEVEL

    async def own_text(self, room: str, event_id: str) -> str | None:
        """The body of Herald's own event in room, or None when the event is someone else's or can't be read."""
        path = Path.v3.rooms[RoomID(room)].event[event_id]
        try:
            event = await self.client.api.request(Method.GET, path)
        except MatrixRequestError:
            return None
        if not isinstance(event, dict) or event.get("sender") != self.client.mxid:
            return None
        return str(event.get("content", {}).get("body", ""))

    async def is_direct(self, room: str) -> bool:
        """A room with only the bot and one person in it: a direct chat."""
        members = await call(self.client.get_joined_members(RoomID(room)))
        return len(members) <= 2

    async def title(self, room: str) -> str:
        """The room's name, else its canonical alias, else its id."""
        name = (await self._state(room, "m.room.name")).get("name")
        if name:
            return str(name)
        alias = (await self._state(room, "m.room.canonical_alias")).get("alias")
        return str(alias or room)

    async def resolve(self, target: str) -> str:
        """The room id for a room id (either form) or a `#alias:server`; a UserError for anything else."""
        if is_matrix_room_id(target):
            return target
        if target.startswith("#") and ":" in target:
            try:
                return str((await self.client.resolve_room_alias(RoomAlias(target))).room_id)
            except MatrixRequestError as error:
                raise fault_or(translate(error), UserError(texts.ROOM_NOT_FOUND, target=target)) from None
        if target.startswith("@") or target.lstrip("-").split(":")[0].isdigit():
            raise UserError(texts.TELEGRAM_CHAT_ON_MATRIX, target=target)
        raise UserError(texts.NOT_A_ROOM, target=target)

    async def check_can_post(self, room: str) -> str:
        """Join the room if needed and make sure the bot may post there; the room's title."""
        try:
            await self.client.join_room_by_id(RoomID(room))
        except MatrixRequestError as error:
            raise fault_or(translate(error), UserError(texts.CANNOT_JOIN, target=room)) from None
        have, need = await self.power_level(room, str(self.client.mxid), "m.room.message")
        if have < need:
            raise UserError(texts.CANNOT_POST_IN_ROOM, target=room, need=need)
        return await self.title(room)
