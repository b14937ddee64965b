"""P6: fan-out to 200 rooms on a local Synapse, next to raw mautrix sends in the same run."""

import asyncio
import tempfile
import time
from pathlib import Path

from mautrix.client import ClientAPI
from mautrix.types import EventType, Format, MessageType, RoomID, TextMessageEventContent
from sqlalchemy import insert, update

from bench.drain import run_pool_until_done
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import OutboxSignal, OutboxWorker, WorkerConfig
from bot.domain.models import Platform
from bot.matrix.api import create_client
from bot.matrix.messenger import MatrixMessenger
from bot.matrix.setup import MATRIX_STYLE
from bot.media import PhotoFetcher
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import publish
from tests.matrix_people import MatrixPerson
from tests.synapse import Synapse
from tests.test_crash_matrix import create_rooms

ROOMS = 200
CONCURRENCY = 8
ROUNDS = 2


async def raw_sends(client: ClientAPI, rooms: list[str]) -> float:
    """mautrix send_message_event from a pool of workers: the ceiling for this homeserver."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for room in rooms:
        queue.put_nowait(room)
    content = TextMessageEventContent(
        msgtype=MessageType.TEXT, body="Bridge Reopens\nBody", format=Format.HTML,
        formatted_body="<b>Bridge Reopens</b><br>Body",
    )  # fmt: skip

    async def worker() -> None:
        while not queue.empty():
            await client.send_message_event(RoomID(queue.get_nowait()), EventType.ROOM_MESSAGE, content)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return len(rooms) / (time.perf_counter() - started)


async def herald_sends(client: ClientAPI, rooms: list[str], workdir: Path, round_number: int) -> float:
    """The same fan-out as durable deliveries through the outbox and the Matrix messenger, limits off."""
    url = f"sqlite+aiosqlite:///{workdir / f'bench-{round_number}.db'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    rows = [
        {"platform": "matrix", "chat_id": room, "thread_id": 0, "kind": "room", "title": "", "all_regions": True,
         "active": True}
        for room in rooms
    ]  # fmt: skip
    async with sessions() as session:
        await session.execute(insert(Target), rows)
        await session.commit()
    messenger = MatrixMessenger(client, MATRIX_STYLE, PhotoFetcher())
    outbox = OutboxWorker(sessions, {Platform.MATRIX: messenger}, OutboxSignal(),
                          {Platform.MATRIX: Pacer(1_000_000, ChatLimits(0, 0))},
                          WorkerConfig(concurrency=CONCURRENCY))  # fmt: skip
    started = time.perf_counter()
    await publish(sessions, f"UK: Bridge Reopens {round_number}\nBody")
    await run_pool_until_done(outbox, sessions, len(rooms))
    elapsed = time.perf_counter() - started
    async with sessions() as session:  # keep the next round's outbox apart from this one
        await session.execute(update(Target).values(active=False))
        await session.commit()
    await engine.dispose()
    return len(rooms) / elapsed


async def main() -> None:
    print(f"P6 Matrix fan-out, {ROOMS} rooms on a local Synapse (SQLite), {CONCURRENCY} concurrent sends")
    with tempfile.TemporaryDirectory() as workdir:
        synapse = Synapse(Path(workdir))
        synapse.start()
        try:
            account = synapse.register("herald-bench")
            creator = MatrixPerson(synapse, account)
            rooms = await create_rooms(creator, ROOMS)
            await creator.close()
            client = create_client(synapse.url, account.user_id, account.access_token)
            raw, herald = [], []
            for round_number in range(ROUNDS):  # alternating, so that neither side gets the warmer homeserver
                raw.append(await raw_sends(client, rooms))
                herald.append(await herald_sends(client, rooms, Path(workdir), round_number))
                print(f"\r  round {round_number + 1}/{ROUNDS}: raw {raw[-1]:.0f}/s, Herald {herald[-1]:.0f}/s")
            await client.api.session.close()
        finally:
            synapse.stop()
    best_raw, best_herald = max(raw), max(herald)
    print(f"  raw mautrix send_message_event: {best_raw:8.0f} events/s (best of {ROUNDS})")
    print(f"  Herald outbox to Matrix:        {best_herald:8.0f} deliveries/s (best of {ROUNDS})")
    print(f"  ratio Herald / raw:             {best_herald / best_raw:8.2f}   (goal ≥ 0.8)")


if __name__ == "__main__":
    asyncio.run(main())
