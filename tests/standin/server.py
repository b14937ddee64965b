"""A local Telegram Bot API stand-in speaking real HTTP: what aiogram talks to in Herald's tests."""

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.standin.limits import RateLimits
from tests.standin.state import BOT_USER, Chat, Sent, World, now
from tests.standin.telegram_html import ParseError, parse, utf16_len

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
Params = dict[str, Any]


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class Drop(ApiError):
    """A fault that closes the connection without an answer (a network error for the client)."""

    def __init__(self) -> None:
        super().__init__(0, "connection dropped")


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


STALL_TICK = 0.01  # how often a stand-in with rate limits looks for stalls of its own event loop


class BotApiStandIn:
    """Serves /bot<token>/<method> and /file/bot<token>/<path> on 127.0.0.1."""

    def __init__(self, token: str = "990001:TEST-token-never-logged") -> None:
        self.token = token
        self.world = World()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._new_update = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.closing = False
        self.fault: Callable[[str, Params], ApiError | None] | None = None
        self._limits: RateLimits | None = None  # None: no rate limits (most tests)
        self._watch: asyncio.Task[None] | None = None
        self.methods: dict[str, Callable[[Params], Awaitable[Any]]] = {
            name[4:]: getattr(self, name) for name in dir(self) if name.startswith("api_")
        }

    async def start(self) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    @property
    def limits(self) -> RateLimits | None:
        return self._limits

    @limits.setter
    def limits(self, limits: RateLimits | None) -> None:
        """Enforce limits from now on (None: none); with limits, this server watches for its own stalls."""
        self._limits = limits
        if limits is not None and self._watch is None:
            self._watch = asyncio.get_running_loop().create_task(self._watch_stalls())

    async def _watch_stalls(self) -> None:
        """Tell the rate limits when this process stood still, so that they don't count it against the sender."""
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(STALL_TICK)
            late = loop.time() - started - STALL_TICK
            if late > STALL_TICK and self._limits is not None:
                self._limits.stalled(late)

    async def stop(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        self.closing = True  # long polls still open answer at once
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def notify(self) -> None:
        self._new_update.set()

    # -- HTTP ---------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        handler = self.methods.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        params = await _params(request)
        self.world.calls.append((method, {k: v for k, v in params.items() if not isinstance(v, bytes)}))
        try:
            if self.fault is not None and (injected := self.fault(method, params)) is not None:
                if isinstance(injected, Drop) and request.transport is not None:
                    request.transport.close()
                raise injected
            return web.json_response({"ok": True, "result": await handler(params)})
        except ApiError as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.code)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        data = self.world.files.get(request.match_info["path"].removeprefix("photos/"))
        return web.Response(body=data) if data is not None else web.Response(status=404)

    # -- methods ------------------------------------------------------------------------------------

    async def api_getMe(self, params: Params) -> Any:
        return BOT_USER

    async def api_deleteWebhook(self, params: Params) -> Any:
        return True

    async def api_setMyCommands(self, params: Params) -> Any:
        return True

    async def api_getUpdates(self, params: Params) -> Any:
        offset = int(params.get("offset") or 0)
        deadline = asyncio.get_running_loop().time() + float(params.get("timeout") or 0)
        while True:
            self.world.updates = [u for u in self.world.updates if u["update_id"] >= offset]
            if self.world.updates:
                return self.world.updates[: int(params.get("limit") or 100)]
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0 or self.closing:
                return []
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), min(remaining, 0.5))

    async def api_sendMessage(self, params: Params) -> Any:
        chat = self._writable_chat(params)
        self._throttle(chat, 1)
        text = _checked(params.get("text", ""), params.get("parse_mode"), TEXT_LIMIT, "message is too long", True)
        message = self._message(chat, params, text=text)
        return self._record(chat, message, "sendMessage")

    async def api_sendPhoto(self, params: Params) -> Any:
        chat = self._writable_chat(params)
        self._throttle(chat, 1)
        caption = _checked(
            params.get("caption", ""), params.get("parse_mode"), CAPTION_LIMIT, "message caption is too long"
        )
        file_id = self._photo(params["photo"], params)
        message = self._message(chat, params, caption=caption, photo=_sizes(file_id))
        return self._record(chat, message, "sendPhoto")

    async def api_sendMediaGroup(self, params: Params) -> Any:
        chat = self._writable_chat(params)
        media = json.loads(params["media"]) if isinstance(params["media"], str) else params["media"]
        if not 2 <= len(media) <= 10:
            raise bad("media must contain 2-10 items")
        self._throttle(chat, len(media))
        group = f"album-{now()}-{len(self.world.sent)}"
        results = []
        for item in media:
            caption = _checked(
                item.get("caption", ""), item.get("parse_mode"), CAPTION_LIMIT, "message caption is too long"
            )
            message = self._message(chat, params, caption=caption, photo=_sizes(self._photo(item["media"], params)))
            message["media_group_id"] = group
            results.append(self._record(chat, message, "sendMediaGroup"))
        return results

    async def api_getFile(self, params: Params) -> Any:
        file_id = str(params["file_id"])
        if file_id not in self.world.files:
            raise bad("invalid file_id")
        size = len(self.world.files[file_id])
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": size,
            "file_path": f"photos/{file_id}",
        }

    async def api_getChat(self, params: Params) -> Any:
        chat = self._chat(params["chat_id"])
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return {**chat.public(), "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    async def api_getChatMember(self, params: Params) -> Any:
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
        if user_id == BOT_USER["id"]:
            return _member(BOT_USER, chat.bot_status, chat.bot_can_post)
        return _member(
            {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"},
            chat.members.get(user_id, "left"),
        )

    async def api_editMessageText(self, params: Params) -> Any:
        sent = self._bot_message(params)
        text = _checked(params.get("text", ""), params.get("parse_mode"), TEXT_LIMIT, "message is too long", True)
        if "text" not in sent.message:
            raise bad("there is no text in the message to edit")
        return self._edit(sent, {"text": text, "reply_markup": _json(params.get("reply_markup"))})

    async def api_editMessageCaption(self, params: Params) -> Any:
        sent = self._bot_message(params)
        caption = _checked(
            params.get("caption", ""), params.get("parse_mode"), CAPTION_LIMIT, "message caption is too long"
        )
        return self._edit(sent, {"caption": caption})

    async def api_editMessageMedia(self, params: Params) -> Any:
        sent = self._bot_message(params)
        item = _json(params["media"])
        caption = _checked(
            item.get("caption", ""), item.get("parse_mode"), CAPTION_LIMIT, "message caption is too long"
        )
        return self._edit(sent, {"photo": _sizes(self._photo(item["media"], params)), "caption": caption})

    async def api_deleteMessage(self, params: Params) -> Any:
        sent = self._bot_message(params, "message to delete not found")
        if now() - int(sent.message["date"]) > 48 * 3600 and sent.chat_id > 0:
            raise bad("message can't be deleted for everyone")
        sent.deleted = True
        return True

    async def api_answerCallbackQuery(self, params: Params) -> Any:
        self.world.callback_answers.append(params)
        return True

    # -- helpers ------------------------------------------------------------------------------------

    def _throttle(self, chat: Chat, cost: int) -> None:
        if self.limits is not None and (wait := self.limits.admit(chat.id, chat.type != "private", cost)):
            self.world.throttled += 1
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _chat(self, ref: Any) -> Chat:
        chat = self.world.find_chat(ref)
        if chat is None:
            raise bad("chat not found")
        return chat

    def _writable_chat(self, params: Params) -> Chat:
        chat = self._chat(params["chat_id"])
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.bot_status in {"left", "kicked"}:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        if chat.type == "channel" and not (chat.bot_status == "administrator" and chat.bot_can_post):
            raise bad("need administrator rights in the channel chat")
        return chat

    def _photo(self, ref: Any, params: Params) -> str:
        if isinstance(ref, str) and ref.startswith("attach://"):
            ref = params.get(ref.removeprefix("attach://"))
        if isinstance(ref, bytes):
            self.world.uploads += 1
            return self.world.new_file(ref)
        if isinstance(ref, str) and ref in self.world.files:
            return ref
        raise bad("wrong file identifier/HTTP URL specified")

    def _message(self, chat: Chat, params: Params, **content: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.world.next_message_id(chat.id),
            "date": now(),
            "chat": chat.public(),
            "from": BOT_USER,
        }
        if params.get("message_thread_id"):
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
        if params.get("reply_markup"):
            message["reply_markup"] = _json(params["reply_markup"])
        message.update({key: value for key, value in content.items() if value not in (None, "")})
        return message

    def _record(self, chat: Chat, message: dict[str, Any], method: str) -> dict[str, Any]:
        self.world.sent.append(Sent(chat.id, message, method))
        return message

    def _bot_message(self, params: Params, missing: str = "message to edit not found") -> Sent:
        chat = self._chat(params["chat_id"])
        message_id = int(params["message_id"])
        for sent in self.world.sent:
            if sent.chat_id == chat.id and sent.message_id == message_id and not sent.deleted:
                return sent
        raise bad(missing)

    def _edit(self, sent: Sent, changes: dict[str, Any]) -> dict[str, Any]:
        self._throttle(self._chat(sent.chat_id), 1)  # an edit counts against the limits like a send
        changes = {key: value for key, value in changes.items() if value is not None}
        if all(sent.message.get(key) == value for key, value in changes.items()):
            raise bad("message is not modified: specified new message content and reply markup are exactly the same")
        sent.message.update(changes)
        if "text" in changes and "reply_markup" not in changes:
            sent.message.pop("reply_markup", None)  # editMessageText without markup drops the buttons
        sent.edits += 1
        sent.edited_at.append(time.monotonic())
        return sent.message


def _checked(markup: str, parse_mode: str | None, limit: int, too_long: str, required: bool = False) -> str:
    """The visible text, once Telegram's parser and length rules accept it."""
    text = markup
    if (parse_mode or "").upper() == "HTML":
        try:
            text, _entities = parse(markup)
        except ParseError as error:
            raise bad(str(error)) from None
    if required and not text.strip():
        raise bad("message text is empty")
    if utf16_len(text) > limit:
        raise bad(too_long)
    return markup if (parse_mode or "").upper() == "HTML" else text


def _sizes(file_id: str) -> list[dict[str, Any]]:
    return [
        {"file_id": f"{file_id}", "file_unique_id": f"u{file_id}-s", "width": 90, "height": 60},
        {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1280, "height": 853},
    ]


def _member(user: dict[str, Any], status: str, can_post: bool = True) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    if status == "administrator":
        rights = [
            "can_be_edited",
            "is_anonymous",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
            "can_send_welcome_messages",
        ]
        member.update(dict.fromkeys(rights, False), can_post_messages=can_post, can_manage_chat=True)
    if status == "restricted":
        member.update(is_member=True, can_send_messages=False, until_date=0)
    return member


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def _params(request: web.Request) -> Params:
    """Form fields (files as bytes), JSON bodies, or query strings, as aiogram may send them."""
    params: Params = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            params[key] = value.file.read() if isinstance(value, web.FileField) else value
    return params
