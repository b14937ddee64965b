"""Edits and deletes reach every delivered copy through the outbox, also while the broadcast still runs."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.models import Address, DeliveryState
from bot.domain.render import Rendered
from bot.memory_messenger import MemoryMessenger
from bot.messenger import SentCopy
from storage.models import Delivery
from tests.factories import publish, subscribe, unit
from tests.test_outbox import drain, worker

Sessions = async_sessionmaker[AsyncSession]


async def test_edit_then_delete_reach_every_copy_of_an_album(sessions: Sessions) -> None:
    for chat_id in ("10", "11"):
        await subscribe(sessions, chat_id, "UK")
    messenger = MemoryMessenger()
    post_id = await publish(sessions, "UK: Bridge Reopens\nBody", photo_count=3)
    outbox = worker(sessions, messenger)
    await drain(outbox)
    async with unit(sessions) as services:
        revised = await services.editing.edit(post_id, "UK: Bridge Closes Again\nNew body")
    assert revised.copies == 2
    await drain(outbox)
    assert sorted(address.chat_id for address, _, _ in messenger.edits) == ["10", "11"]
    assert all("Bridge Closes Again" in html and len(ids) == 3 for _, ids, html in messenger.edits)
    async with unit(sessions) as services:
        await services.editing.delete(post_id)
    await drain(outbox)
    assert sorted((address.chat_id, len(ids)) for address, ids in messenger.deletes) == [("10", 3), ("11", 3)]
    async with unit(sessions) as services:
        counts = (await services.stats.stats(post_id)).counts
    assert (counts.deleted, counts.sent, counts.pending) == (2, 0, 0)


@dataclass
class EditsMidSend(MemoryMessenger):
    """Edits the post while a send to chat "slow" is in flight."""

    sessions: Sessions | None = None
    post_id: int = 0
    done: list[str] = field(default_factory=list)

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        if address.chat_id == "slow" and not self.done and self.sessions is not None:
            async with unit(self.sessions) as services:
                await services.editing.edit(self.post_id, "UK: Corrected Title\nBody")
            self.done.append("edited")
        return await super().send_post(address, post, key)


async def test_an_edit_during_the_broadcast_loses_neither(sessions: Sessions) -> None:
    for chat_id in ("slow", "later"):
        await subscribe(sessions, chat_id, "UK")
    messenger = EditsMidSend(sessions=sessions)
    messenger.post_id = await publish(sessions, "UK: First Title\nBody")
    await drain(worker(sessions, messenger))
    sent = {copy.address.chat_id: copy.html for copy in messenger.copies}
    assert "First Title" in sent["slow"]  # it went out before the edit committed ...
    final = dict(sent) | {address.chat_id: html for address, _, html in messenger.edits}
    assert all("Corrected Title" in html for html in final.values())  # ... and every copy ends up edited
    assert len(messenger.copies) == 2  # one copy per chat: nothing was sent twice
    async with sessions() as session:
        states = set(await session.scalars(select(Delivery.state)))
    assert states == {DeliveryState.SENT}
