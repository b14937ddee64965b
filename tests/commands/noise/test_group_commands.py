"""In a group, Herald answers only commands addressed to it or sent by its admins: other bots use the same names."""

from bot import texts
from bot.domain.models import Platform
from tests.commands_harness import STORM, Harness, Sessions, Where, Who, admins_only, harness_on


async def test_a_members_bare_admin_command_in_a_group_gets_no_reply(herald: Harness) -> None:
    before = await herald.stored()
    for line in ("stats", "stats 1", STORM, "delete 1", "aliases"):
        assert await herald.send(line, Who.READER, Where.GROUP) == [], line
    assert await herald.stored() == before
    assert await herald.send("stats", Who.ADMIN, Where.GROUP) == [admins_only(herald)]  # Herald's admin: answered
    assert "Bridge Reopens" in "\n".join(await herald.send("latest", Who.READER, Where.GROUP))  # everyone's: answered


async def test_an_admin_command_addressed_to_herald_is_answered_in_a_group(sessions: Sessions) -> None:
    async with harness_on(Platform.TELEGRAM, sessions) as herald:
        assert await herald.send("stats@herald_test_bot", Who.READER, Where.GROUP) == [texts.ADMINS_ONLY]
        assert await herald.send("stats@other_bot", Who.READER, Where.GROUP) == []
