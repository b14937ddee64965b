"""People using Telegram in tests: they send messages, photos and albums, and press buttons."""

import itertools
from dataclasses import dataclass
from typing import Any

from tests.standin.server import BotApiStandIn
from tests.standin.state import BOT_USER, Chat, now
from tests.standin.telegram_html import Entity, parse_entities

_ids = itertools.count(5_000_000)


@dataclass
class Person:
    """A Telegram user who talks to the bot through the stand-in."""

    standin: BotApiStandIn
    id: int
    name: str
    language_code: str | None = None  # the language of the person's Telegram app, when it tells

    @property
    def user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.name}
        return user | ({"language_code": self.language_code} if self.language_code else {})

    @property
    def private(self) -> Chat:
        """This person's private chat with the bot (created on first use)."""
        return self.standin.world.chats.setdefault(self.id, Chat(self.id, "private", first_name=self.name))

    def say(
        self, text: str, chat: Chat | None = None, thread: int | None = None, entities: list[Entity] | None = None
    ) -> dict[str, Any]:
        """Send a text message (a command, usually), with the entities of its formatting."""
        message = self._message(chat or self.private, thread, text=text)
        entities = list(entities or [])
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            entities.insert(0, {"type": "bot_command", "offset": 0, "length": length})
        if entities:
            message["entities"] = entities
        return self._push("message", message)

    def say_formatted(self, markup: str, chat: Chat | None = None) -> dict[str, Any]:
        """Send a message formatted as a Telegram app sends it: the text and its entities (written here as HTML)."""
        text, entities = parse_entities(markup)
        return self.say(text, chat, entities=entities)

    def send_photos(
        self, captions: list[str | None], chat: Chat | None = None, formatted: bool = False
    ) -> list[dict[str, Any]]:
        """Send one photo, or an album when there are several; each caption as given (formatted: written as HTML,
        sent as text and caption entities)."""
        group = f"mg-{next(_ids)}" if len(captions) > 1 else None
        updates = []
        for caption in captions:
            file_id = self.standin.world.new_file(f"jpeg bytes {next(_ids)}".encode())
            sizes = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1280, "height": 853}]
            message = self._message(chat or self.private, None, photo=sizes)
            if caption and formatted:
                message["caption"], message["caption_entities"] = parse_entities(caption)
            elif caption:
                message["caption"] = caption
            if group:
                message["media_group_id"] = group
            updates.append(self._push("message", message))
        return updates

    def press(self, sent_message: dict[str, Any], callback_data: str) -> dict[str, Any]:
        """Press an inline button under a message the bot sent."""
        query = {
            "id": str(next(_ids)),
            "from": self.user,
            "chat_instance": "ci",
            "message": sent_message,
            "data": callback_data,
        }
        return self._push("callback_query", query)

    def _message(self, chat: Chat, thread: int | None, **content: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.standin.world.next_message_id(chat.id),
            "date": now(),
            "chat": chat.public(),
            "from": self.user,
            **content,
        }
        if thread is not None:
            message.update(message_thread_id=thread, is_topic_message=True)
        return message

    def _push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = self.standin.world.push(kind, payload)
        self.standin.notify()
        return update


def person(standin: BotApiStandIn, name: str) -> Person:
    """A new person with a fresh id."""
    return Person(standin, next(_ids), name)


def membership_update(standin: BotApiStandIn, chat: Chat, by: Person, old: str, new: str) -> dict[str, Any]:
    """The bot's own membership in chat changed from old to new (my_chat_member)."""
    payload = {
        "chat": chat.public(),
        "from": by.user,
        "date": now(),
        "old_chat_member": {"status": old, "user": BOT_USER},
        "new_chat_member": {"status": new, "user": BOT_USER},
    }
    if new == "administrator":
        payload["new_chat_member"] = {
            "status": "administrator", "user": BOT_USER, "can_be_edited": False, "is_anonymous": False,
            "can_manage_chat": True, "can_delete_messages": False, "can_manage_video_chats": False,
            "can_restrict_members": False, "can_promote_members": False, "can_change_info": False,
            "can_invite_users": False, "can_post_stories": False, "can_edit_stories": False,
            "can_delete_stories": False, "can_send_welcome_messages": False, "can_post_messages": True,
        }  # fmt: skip
    chat.bot_status = new
    update = standin.world.push("my_chat_member", payload)
    standin.notify()
    return update
