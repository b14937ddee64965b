"""Outbox throughput over real HTTP against the Bot API stand-in, next to raw aiogram sends in the same run."""

import asyncio
import time

from aiogram import Bot

from bench.common import Bench, bench
from bench.drain import run_pool_until_done
from bot.delivery.pacing import ChatLimits, Pacer
from bot.delivery.worker import WorkerConfig
from storage.repos import Repos
from tests.factories import publish

CONCURRENCY = 8


def progress(label: str, done: int, total: int) -> None:
    print(f"\r  {label}: {done}/{total}", end="", flush=True)


async def raw_sends(bot: Bot, chat_ids: list[int]) -> float:
    """Plain aiogram sendMessage from a pool of workers: the ceiling for this machine."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for chat_id in chat_ids:
        queue.put_nowait(chat_id)
    done = 0

    async def worker() -> None:
        nonlocal done
        while not queue.empty():
            await bot.send_message(queue.get_nowait(), "<b>Bridge Reopens</b>\nBody")
            done += 1
            if done % 250 == 0:
                progress("raw aiogram", done, len(chat_ids))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    print()
    return len(chat_ids) / (time.perf_counter() - started)


async def herald_sends(world: Bench) -> float:
    """The same sends as durable deliveries: publish, then the outbox's worker pool drains them."""
    outbox = world.outbox(Pacer(1_000_000, ChatLimits(0, 0)), WorkerConfig(concurrency=CONCURRENCY))  # limits off
    total = len(world.chat_ids)
    started = time.perf_counter()
    await publish(world.sessions, "UK: Bridge Reopens\nBody")
    await run_pool_until_done(outbox, world.sessions, total, lambda done: progress("herald outbox", done, total))
    elapsed = time.perf_counter() - started
    print()
    async with world.sessions() as session:
        counts = await Repos.over(session).deliveries.counts()
    assert counts.sent == total, counts
    return total / elapsed


async def main(targets: int = 2000) -> None:
    async with bench(targets, 10_000) as world:
        print(f"P2 unpaced delivery, {targets} targets, stand-in over HTTP, durable state in SQLite")
        raw = await raw_sends(world.bot, world.chat_ids)
        world.standin.world.sent.clear()
        herald = await herald_sends(world)
        assert len(world.standin.world.sent) == targets
    print(f"  raw aiogram sendMessage: {raw:8.0f} msg/s")
    print(f"  Herald outbox:           {herald:8.0f} deliveries/s")
    print(f"  ratio Herald / raw:      {herald / raw:8.2f}   (goal ≥ 0.5)")
