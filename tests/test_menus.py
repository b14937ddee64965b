"""Telegram's command menus come from the catalogue: each audience sees the commands it may use."""

import json

from bot.settings import Settings
from bot.telegram.menus import set_menus
from bot.telegram.setup import create_bot
from handlers import build_catalogue
from tests.factories import CATALOGUES
from tests.standin.server import ApiError, BotApiStandIn
from tests.test_telegram_startup import FailFirst


def scoped(standin: BotApiStandIn) -> dict[str, list[str]]:
    """Each setMyCommands call's scope (a chat's id for a chat scope) and its command names."""
    menus = {}
    for method, params in standin.world.calls:
        if method == "setMyCommands":
            scope = json.loads(params["scope"]) if isinstance(params.get("scope"), str) else params["scope"]
            key = str(scope.get("chat_id", scope["type"]))
            commands = params["commands"]
            commands = json.loads(commands) if isinstance(commands, str) else commands
            menus[key] = [command["command"] for command in commands]
    return menus


async def test_menus_per_scope(standin: BotApiStandIn) -> None:
    settings = Settings(
        _env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url,
        admins="42,@ann:example.org", admin_chats="-1001,!room:example.org",
    )  # fmt: skip
    bot = create_bot(settings)
    try:
        await set_menus(bot, build_catalogue(), settings)
    finally:
        await bot.session.close()
    menus = scoped(standin)
    assert set(menus) == {"default", "all_private_chats", "all_chat_administrators", "42", "-1001"}
    assert "latest" in menus["default"] and "subscribe" not in menus["default"] and "post" not in menus["default"]
    for subscribers in ("all_private_chats", "all_chat_administrators"):
        assert "subscribe" in menus[subscribers] and "post" not in menus[subscribers]
    for admins in ("42", "-1001"):
        assert {"post", "publish", "addchannel", "subscribe", "latest"} <= set(menus[admins])
    assert menus["42"] == [command.name for command in build_catalogue().listed()]
    assert not any("pick" in commands for commands in menus.values())  # run by buttons only


async def test_a_refused_menu_is_a_warning_and_the_others_are_still_set(standin: BotApiStandIn, caplog) -> None:
    settings = Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url, admins="42")
    standin.fault = FailFirst("setMyCommands", ApiError(400, "Bad Request: chat not found"))
    bot = create_bot(settings)
    try:
        await set_menus(bot, build_catalogue(), settings)
    finally:
        await bot.session.close()
    assert len(scoped(standin)) == 4  # the first was refused, and the others were still asked for
    assert any(record.levelname == "WARNING" for record in caplog.records)


def menu_calls(standin: BotApiStandIn) -> dict[tuple[str, str | None], dict[str, str]]:
    """Each setMyCommands call by scope and language_code: its commands with their descriptions."""
    menus = {}
    for method, params in standin.world.calls:
        if method == "setMyCommands":
            scope = json.loads(params["scope"]) if isinstance(params.get("scope"), str) else params["scope"]
            commands = params["commands"]
            commands = json.loads(commands) if isinstance(commands, str) else commands
            key = (str(scope.get("chat_id", scope["type"])), params.get("language_code"))
            assert key not in menus  # set once
            menus[key] = {command["command"]: command["description"] for command in commands}
    return menus


async def test_menus_are_set_once_per_language_with_its_language_code(standin: BotApiStandIn) -> None:
    settings = Settings(
        _env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url, admins="42", admin_chats="-1001"
    )
    bot = create_bot(settings)
    try:
        await set_menus(bot, build_catalogue(), settings, CATALOGUES)
    finally:
        await bot.session.close()
    menus = menu_calls(standin)
    scopes = ["default", "all_private_chats", "all_chat_administrators", "42", "-1001"]
    assert set(menus) == {(scope, code) for scope in scopes for code in (None, "en", "ru")}
    for scope in scopes:
        assert menus[(scope, None)] == menus[(scope, "en")]  # English for apps of any other language
        assert list(menus[(scope, "ru")]) == list(menus[(scope, None)])  # the same commands
    assert menus[("default", None)]["latest"] == "the N newest posts (5 unless you say, at most 20)"
    assert menus[("default", "ru")]["latest"] == "N самых свежих постов (по умолчанию 5, не больше 20)"
    assert menus[("42", "ru")]["publish"] == "опубликовать открытый черновик или черновик ID"
    assert menus[("all_private_chats", "ru")]["language"] == "язык, на котором Herald говорит в этом чате"
