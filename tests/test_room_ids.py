"""Matrix room ids in both forms (with a server part, and room version 12's hash), and what is not one."""

import pytest
from pydantic import ValidationError

from bot.domain.ids import is_matrix_room_id
from bot.domain.models import Address, Platform
from bot.reports import admin_addresses, platform_of
from bot.settings import Settings

V12_ROOM = "!VkJBFr_7gwCZowfILgEeG3eMsC2tHLzPDiTGOjsnoyk"  # as Synapse 1.163 creates them by default
V11_ROOM = "!bFWueYwvGHBhiHGYen:herald.test"


@pytest.mark.parametrize(
    "room",
    [
        V12_ROOM,
        V11_ROOM,
        "!abc:example.org:8448",
        "!abc:127.0.0.1",
        "!abc:[::1]:8008",
        "!" + "-_" * 21 + "A",
    ],
)
def test_both_forms_of_room_id_are_rooms(room: str) -> None:
    assert is_matrix_room_id(room)
    assert platform_of(room) is Platform.MATRIX


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "!",
        "!:",
        "!abc",
        "!abc def",
        "!abc:",
        "!abc :server",
        "!abc:ser ver",
        "! abc:server",
        V12_ROOM[:-1],  # 42 characters
        V12_ROOM + "A",  # 44
        V12_ROOM[:-1] + "=",  # padded
        V12_ROOM[:-1] + "+",  # standard base64, not url-safe
        V12_ROOM.replace("!", "#"),
        "#news:herald.test",
        "@ann:herald.test",
        "abc:server",
        f"{V11_ROOM}\n",
        "!abc:" + "a" * 300,
    ],
)
def test_junk_is_no_room(junk: str) -> None:
    assert not is_matrix_room_id(junk)
    assert platform_of(junk) is None


def test_admin_chats_accept_both_room_forms_beside_telegram_chats() -> None:
    settings = Settings(_env_file=None, admins="1", admin_chats=f"-100,{V12_ROOM},{V11_ROOM}")
    assert admin_addresses(settings) == [
        Address(Platform.TELEGRAM, "-100"),
        Address(Platform.MATRIX, V12_ROOM),
        Address(Platform.MATRIX, V11_ROOM),
    ]


@pytest.mark.parametrize("chat", ["!junk", "@ann:x", "general", "-12x"])
def test_an_admin_chat_that_is_no_chat_is_refused_by_name(chat: str) -> None:
    with pytest.raises(ValidationError, match=f"'{chat}' is neither a Telegram chat id"):
        Settings(_env_file=None, admin_chats=f"-100,{chat}")
