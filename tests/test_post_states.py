"""A post's life: every state × action pair, and contradictory actions at the same moment (SQLite and PostgreSQL)."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.delivery.worker import OutboxSignal
from bot.domain.errors import UserError
from bot.domain.models import DeliveryState
from bot.memory_messenger import MemoryMessenger
from bot.services.registry import Services
from handlers.replies import edited_text, published_text, revised_text, scheduled_text
from storage.base import utcnow
from storage.models import Delivery, Post
from storage.uow import UnitsOfWork
from tests.factories import ADMIN, ENGLISH, subscribe, unit
from tests.test_outbox import drain, worker

Sessions = async_sessionmaker[AsyncSession]
Action = Callable[[Services, int], Awaitable[str]]
NIGHT_BUSES = "UK: Night Buses Return\nThe night buses run again from Friday."
EDITED = "UK: Night Buses Return Early\nThey run from Thursday."


# -- actions, each answered as the command's reply reads -----------------------------------------------------------


async def edit(services: Services, post_id: int) -> str:
    return edited_text(await services.editing.edit(post_id, EDITED), ENGLISH)


async def publish(services: Services, post_id: int) -> str:
    return published_text(await services.compose.publish(ADMIN, post_id), ENGLISH)


async def schedule(services: Services, post_id: int) -> str:
    return scheduled_text(await services.scheduling.schedule(ADMIN, post_id, "2030-01-01", "10:00"), ENGLISH)


async def cancel(services: Services, post_id: int) -> str:
    return f"Draft #{await services.compose.cancel(ADMIN, post_id)} discarded."


async def delete(services: Services, post_id: int) -> str:
    return revised_text(await services.editing.delete(post_id), ENGLISH, texts.REVISED_DELETED)


async def publish_due(services: Services, _post_id: int) -> str:
    return " ".join(f"published #{item.post.id} to {item.queued}" for item in await services.scheduling.publish_due())


ACTIONS: dict[str, Action] = {
    "edit": edit, "publish": publish, "schedule": schedule, "cancel": cancel, "delete": delete,
}  # fmt: skip


async def attempt(
    sessions: Sessions, action: Action, post_id: int, wrote: asyncio.Event | None = None, hold: float = 0.0
) -> str:
    """Run action in its own unit of work, as the command runner does: its reply, or its refusal."""
    try:
        async with UnitsOfWork(sessions)() as uow:
            reply = await action(Services.over(uow, OutboxSignal(), lambda: date(2026, 1, 20)), post_id)
            if wrote is not None:
                wrote.set()
            await asyncio.sleep(hold)  # keep the transaction open while the other action reaches its write
            await uow.commit()
            return reply
    except UserError as error:
        return error.render(ENGLISH)


# -- setting a post up in each state ---------------------------------------------------------------------------


async def post_in(sessions: Sessions, state: str) -> int:
    """Post #1 (UK) in state, with two UK readers; a published post's copies are delivered."""
    await subscribe(sessions, "501", "UK")
    await subscribe(sessions, "502", "UK")
    async with unit(sessions) as services:
        post_id = (await services.compose.create_draft(ADMIN, NIGHT_BUSES)).id
    steps: dict[str, list[Action]] = {
        "draft": [], "scheduled": [schedule], "published": [publish], "deleted": [publish, delete],
    }  # fmt: skip
    for step in steps[state]:
        if step is delete:
            await mark_sent(sessions, post_id)
        assert "#1" in await attempt(sessions, step, post_id)
    if state == "published":
        await mark_sent(sessions, post_id)
    return post_id


async def mark_sent(sessions: Sessions, post_id: int) -> None:
    async with sessions() as session:
        await session.execute(update(Delivery).where(Delivery.post_id == post_id).values(state=DeliveryState.SENT))
        await session.commit()


async def outcome(sessions: Sessions, post_id: int) -> tuple[str, str, list[tuple[str, str]]]:
    """The post's status and title, and its deliveries as (state, action)."""
    async with sessions() as session:
        post = await session.get(Post, post_id)
        assert post is not None
        rows = await session.execute(select(Delivery.state, Delivery.action).where(Delivery.post_id == post_id))
        return post.status, post.title, sorted((state, action) for state, action in rows)


SENDS = [("pending", "send")] * 2
SENT = [("sent", "send")] * 2
DELETES = [("pending", "delete")] * 2
OLD, NEW = "Night Buses Return", "Night Buses Return Early"
WHEN = "Post #1 <b>Night Buses Return</b> will be published on 2030-01-01 10:00 (UTC)."
PUBLISHED = "Published post #1. Delivering to 2 targets."
ALREADY_PUBLISHED, ALREADY_DELETED = "Draft #1 was already published.", "Post #1 was already deleted."
MATRIX = [
    ("draft", "edit", "draft", NEW, [], "Draft #1 edited. Nothing is sent until it is published."),
    ("draft", "publish", "published", OLD, SENDS, PUBLISHED),
    ("draft", "schedule", "scheduled", OLD, [], WHEN),
    ("draft", "cancel", "discarded", OLD, [], "Draft #1 discarded."),
    ("draft", "delete", "draft", OLD, [], "Draft #1 is not published yet: /cancel 1 discards it."),
    ("scheduled", "edit", "scheduled", NEW, [], "Scheduled post #1 edited. It goes out as it stands now, at its time."),
    ("scheduled", "publish", "published", OLD, SENDS, PUBLISHED),
    ("scheduled", "schedule", "scheduled", OLD, [], WHEN),
    ("scheduled", "cancel", "discarded", OLD, [], "Draft #1 discarded."),
    ("scheduled", "delete", "deleted", OLD, [], "Post #1 deleted. Deleting 0 delivered copies."),
    ("published", "edit", "published", NEW, [("pending", "edit")] * 2, "Post #1 edited. Editing 2 delivered copies."),
    ("published", "publish", "published", OLD, SENT, ALREADY_PUBLISHED),
    ("published", "schedule", "published", OLD, SENT, ALREADY_PUBLISHED),
    ("published", "cancel", "published", OLD, SENT, ALREADY_PUBLISHED),
    ("published", "delete", "deleted", OLD, DELETES, "Post #1 deleted. Deleting 2 delivered copies."),
    *[("deleted", action, "deleted", OLD, DELETES, ALREADY_DELETED) for action in ACTIONS],
]


@pytest.mark.parametrize(("state", "action", "status", "title", "deliveries", "reply"), MATRIX)
async def test_every_action_on_every_state(
    sessions: Sessions, state: str, action: str, status: str, title: str, deliveries: list[object], reply: str
) -> None:
    post_id = await post_in(sessions, state)
    assert await attempt(sessions, ACTIONS[action], post_id) == reply
    assert await outcome(sessions, post_id) == (status, title, deliveries)


async def test_an_edited_scheduled_post_still_goes_to_every_reader_at_its_time(sessions: Sessions) -> None:
    post_id = await post_in(sessions, "scheduled")
    await attempt(sessions, edit, post_id)
    assert await outcome(sessions, post_id) == ("scheduled", NEW, [])  # nothing queued, so nothing withdrawn
    await make_due(sessions, post_id)
    assert await attempt(sessions, publish_due, post_id) == "published #1 to 2"
    messenger = MemoryMessenger()
    await drain(worker(sessions, messenger), rounds=3)
    assert sorted(copy.address.chat_id for copy in messenger.copies) == ["501", "502"]
    assert all(NEW in copy.html for copy in messenger.copies)


async def make_due(sessions: Sessions, post_id: int) -> None:
    async with sessions() as session:
        due = utcnow() - timedelta(minutes=1)
        await session.execute(update(Post).where(Post.id == post_id).values(scheduled_at=due))
        await session.commit()


# -- races: the first action holds its transaction open while the second reaches its write -----------------------


async def pair(sessions: Sessions, first: Action, second: Action, post_id: int) -> tuple[str, str]:
    """Both at once: second starts while first's transaction is open, and waits at its write."""
    wrote = asyncio.Event()
    winner = asyncio.create_task(attempt(sessions, first, post_id, wrote, hold=0.3))
    await wrote.wait()
    loser = asyncio.create_task(attempt(sessions, second, post_id))
    await asyncio.sleep(0.1)
    assert not loser.done(), "the second action must wait for the first one's commit"
    return await winner, await loser


RACES = [
    ("draft", publish, cancel, "published", SENDS, PUBLISHED, ALREADY_PUBLISHED),
    ("draft", cancel, publish, "discarded", [], "Draft #1 discarded.", "Draft #1 was already discarded."),
    ("draft", publish, schedule, "published", SENDS, PUBLISHED, ALREADY_PUBLISHED),
    ("draft", schedule, cancel, "discarded", [], WHEN, "Draft #1 discarded."),
    ("published", delete, edit, "deleted", DELETES, "Post #1 deleted. Deleting 2 delivered copies.", ALREADY_DELETED),
]


@pytest.mark.parametrize(("state", "first", "second", "status", "deliveries", "won", "lost"), RACES)
async def test_contradictory_actions_at_once_have_one_outcome_and_true_replies(
    db: Sessions,
    state: str,
    first: Action,
    second: Action,
    status: str,
    deliveries: list[object],
    won: str,
    lost: str,
) -> None:
    post_id = await post_in(db, state)
    assert await pair(db, first, second, post_id) == (won, lost)
    assert (await outcome(db, post_id))[::2] == (status, deliveries)


async def test_an_edit_waiting_on_a_delete_neither_revives_nor_retitles_it(db: Sessions) -> None:
    post_id = await post_in(db, "published")
    assert await pair(db, delete, edit, post_id) == ("Post #1 deleted. Deleting 2 delivered copies.", ALREADY_DELETED)
    assert await outcome(db, post_id) == ("deleted", OLD, DELETES)


async def test_an_edit_before_a_delete_counts_true_copies(db: Sessions) -> None:
    post_id = await post_in(db, "published")
    edited, deleted = await pair(db, edit, delete, post_id)
    assert (edited, deleted) == (
        "Post #1 edited. Editing 2 delivered copies.",
        "Post #1 deleted. Deleting 2 delivered copies.",
    )
    assert await outcome(db, post_id) == ("deleted", NEW, DELETES)


async def test_the_scheduler_and_a_cancel_at_once(db: Sessions) -> None:
    post_id = await post_in(db, "scheduled")
    await make_due(db, post_id)
    assert await pair(db, publish_due, cancel, post_id) == ("published #1 to 2", ALREADY_PUBLISHED)
    assert (await outcome(db, post_id))[::2] == ("published", SENDS)


async def test_a_cancel_before_the_scheduler_publishes_nothing(db: Sessions) -> None:
    post_id = await post_in(db, "scheduled")
    await make_due(db, post_id)
    assert await pair(db, cancel, publish_due, post_id) == ("Draft #1 discarded.", "")
    assert (await outcome(db, post_id))[::2] == ("discarded", [])


async def test_a_reschedule_before_the_scheduler_waits_for_its_new_time(db: Sessions) -> None:
    post_id = await post_in(db, "scheduled")
    await make_due(db, post_id)
    assert await pair(db, schedule, publish_due, post_id) == (WHEN, "")
    assert (await outcome(db, post_id))[::2] == ("scheduled", [])
