"""The stand-in's world: chats, members, messages the bot sent, files and queued updates."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 990001
BOT_USERNAME = "herald_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Herald", "username": BOT_USERNAME}


@dataclass
class Chat:
    """A chat as the stand-in knows it, with each member's status."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    is_forum: bool = False
    members: dict[int, str] = field(default_factory=dict)
    bot_status: str = "member"
    bot_can_post: bool = True
    blocked: bool = False

    def public(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class Sent:
    """A message the bot sent (or its current state after edits)."""

    chat_id: int
    message: dict[str, Any]
    method: str
    deleted: bool = False
    edits: int = 0
    original: str = ""  # the text as first sent, before any edit
    at: float = field(default_factory=time.monotonic)  # when the stand-in accepted it
    edited_at: list[float] = field(default_factory=list)  # when each edit was accepted

    def __post_init__(self) -> None:
        self.original = self.text

    @property
    def text(self) -> str:
        return str(self.message.get("text") or self.message.get("caption") or "")

    @property
    def message_id(self) -> int:
        return int(self.message["message_id"])


@dataclass
class World:
    """Everything the stand-in holds; tests read and arrange it directly."""

    chats: dict[int, Chat] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    uploads: int = 0
    throttled: int = 0  # answers 429 (with RateLimits set)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: dict[int, itertools.count[int]] = field(default_factory=dict)
    _file_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def new_file(self, data: bytes) -> str:
        file_id = f"file-{next(self._file_ids)}"
        self.files[file_id] = data
        return file_id

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        return update

    def find_chat(self, ref: str | int) -> Chat | None:
        text = str(ref)
        if text.startswith("@"):
            return next((chat for chat in self.chats.values() if chat.username == text[1:]), None)
        try:
            return self.chats.get(int(text))
        except ValueError:
            return None

    def in_chat(self, chat_id: int) -> list[Sent]:
        """Live (undeleted) messages the bot sent to chat_id, in order."""
        return [sent for sent in self.sent if sent.chat_id == chat_id and not sent.deleted]


def now() -> int:
    return int(time.time())
