"""Room version 12's serverless room ids beside version 11's `!id:server`, through the real `herald run`."""

from collections.abc import Callable
from pathlib import Path

from tests.conftest import HeraldProcess
from tests.matrix_people import MatrixPerson, body_of, matrix_settings, reply_in, wait_joined
from tests.standin.people import Person
from tests.standin.server import BotApiStandIn
from tests.synapse import MatrixUser, Synapse
from tests.test_e2e_matrix import posts, wait_for

VERSIONS = ("12", "11")  # Synapse 1.163's default (ids without a server part) and the last with `!id:server`


async def test_rooms_of_version_11_and_12_are_channels_and_admin_chats(
    synapse: Synapse,
    register: Callable[[str], MatrixUser],
    standin: BotApiStandIn,
    admin: Person,
    herald_env: dict[str, str],
    tmp_path: Path,
) -> None:
    bot = register("herald")
    ada, una = MatrixPerson(synapse, register("ada")), MatrixPerson(synapse, register("una"))
    newsroom = await ada.create_room("Newsroom", [bot.user_id], version="12")
    assert ":" not in newsroom  # the serverless form, in ADMIN_CHATS
    herald_env.update(matrix_settings(synapse, bot, ADMINS=f"{admin.id},{ada.user_id}", ADMIN_CHATS=newsroom))
    herald = HeraldProcess(standin, tmp_path, herald_env)
    await herald.start()
    try:
        await wait_joined(ada, newsroom, bot.user_id)
        rooms = {version: await una.create_room(f"v{version}", [bot.user_id], version=version) for version in VERSIONS}
        assert ":" not in rooms["12"] and rooms["11"].endswith(":herald.test")
        reports = [f"Herald joined room <code>{room}</code>" for room in rooms.values()]
        await wait_for(ada, newsroom, bot.user_id, lambda events: all(
            any(report in body_of(event) for event in events) for report in reports
        ))  # fmt: skip

        assert "is not a Matrix room" in await reply_in(ada, newsroom, bot.user_id, "!addchannel !abc UK")
        for room in rooms.values():
            assert "Registered" in await reply_in(ada, newsroom, bot.user_id, f"!addchannel {room} UK")
        await reply_in(ada, newsroom, bot.user_id, "!post UK: Bridge Reopens\nBuses return on Monday.")
        await wait_for(ada, newsroom, bot.user_id, lambda events: "!publish or !cancel" in body_of(events[-1]))
        assert "Delivering to 2 targets" in await reply_in(ada, newsroom, bot.user_id, "!publish")
        for room in rooms.values():
            copy = posts(await wait_for(una, room, bot.user_id, lambda events: len(posts(events)) == 1))
            assert "Bridge Reopens" in body_of(copy[0])
        await wait_for(ada, newsroom, bot.user_id, lambda events: "sent 2" in body_of(events[-1]))
        assert "Removed" in await reply_in(ada, newsroom, bot.user_id, f"!removechannel {rooms['12']}")
    finally:
        await herald.stop()
        await ada.close()
        await una.close()
    assert "Traceback" not in herald.output(), herald.output()
