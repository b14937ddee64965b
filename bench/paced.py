"""P1: a paced broadcast to 600 chats with the stand-in enforcing 30/s in all and 1/s per chat."""

import time

from bench.common import bench
from bench.drain import run_pool_until_done
from bot.delivery.pacing import Pacer
from tests.factories import publish
from tests.standin.limits import RateLimits

TARGETS = 600
RATE = 30


async def main() -> None:
    async with bench(TARGETS, 20_000) as world:
        world.standin.limits = RateLimits(global_per_second=RATE)
        outbox = world.outbox(Pacer(RATE))
        print(f"P1 paced broadcast, {TARGETS} chats, stand-in enforcing {RATE}/s and 1/s per chat")
        started = time.perf_counter()
        await publish(world.sessions, "UK: Bridge Reopens\nBody")
        await run_pool_until_done(
            outbox, world.sessions, TARGETS, lambda done: print(f"\r  sent {done}/{TARGETS}", end="", flush=True)
        )
        elapsed = time.perf_counter() - started
        throttled = world.standin.world.throttled
    ideal = TARGETS / RATE
    print(f"\n  wall time {elapsed:.2f} s, ideal {ideal:.1f} s, ratio {elapsed / ideal:.3f} (goal ≤ 1.05)")
    print(f"  429 answers: {throttled} (goal 0)")
