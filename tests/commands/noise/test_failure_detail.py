"""Failed deliveries: the admin chats learn how many and why; `/stats ID` names the targets by id, in private."""

from bot import texts
from bot.domain.models import DeliveryState, TargetKind
from bot.domain.text import fill
from storage.models import Delivery, Target
from tests.commands_harness import Harness, Sessions, Where, Who

READER_ID, READER_NAME = "5000003", "Rita Reader"


async def failed_delivery(sessions: Sessions) -> None:
    """Post #1 failed to reach a reader with a name."""
    async with sessions() as session:
        target = Target(platform="telegram", chat_id=READER_ID, kind=TargetKind.PRIVATE.value, title=READER_NAME)
        session.add(target)
        await session.flush()
        failed, error = DeliveryState.FAILED.value, "Forbidden: bot was blocked by the user"
        session.add(Delivery(post_id=1, target_id=target.id, state=failed, action="send", last_error=error))
        await session.commit()


async def test_stats_of_a_post_lists_failed_targets_by_id_in_private_only(newsroom: Harness) -> None:
    await failed_delivery(newsroom.sessions)
    [private] = await newsroom.send("stats 1")
    assert READER_ID in private and "bot was blocked by the user" in private and READER_NAME not in private
    [shared] = await newsroom.send("stats 1", Who.ADMIN, Where.GROUP)
    assert READER_ID not in shared and READER_NAME not in shared
    assert fill(texts.STATS_FAILED_PRIVATE, newsroom.prefix, count=1, id=1) in shared
