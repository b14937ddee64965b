"""P3: uploads per photo when an album goes to 1,000 targets."""

from collections import Counter

from bench.common import bench
from bench.drain import run_pool_until_done
from bot.delivery.pacing import ChatLimits, Pacer
from bot.services.common import IncomingPhoto
from tests.factories import ADMIN, unit

TARGETS = 1000
PHOTOS = 3


async def main() -> None:
    async with bench(TARGETS, 30_000) as world:
        # The admin's album reached the Bot API as PHOTOS uploads; Herald keeps each photo's file_id.
        photos = [IncomingPhoto(world.standin.world.new_file(f"jpeg {n}".encode())) for n in range(PHOTOS)]
        async with unit(world.sessions) as services:
            draft = await services.compose.create_draft(ADMIN, "UK: Bridge Reopens\nBody", photos)
            await services.compose.publish(ADMIN, draft.id)
        outbox = world.outbox(Pacer(1_000_000, ChatLimits(0, 0)))
        print(f"P3 album of {PHOTOS} photos to {TARGETS} targets")
        await run_pool_until_done(outbox, world.sessions, TARGETS, lambda d: print(f"\r  sent {d}/{TARGETS}", end=""))
        used = Counter(sent.message["photo"][-1]["file_id"] for sent in world.standin.world.sent)
        herald_uploads = world.standin.world.uploads
    uploads = PHOTOS + herald_uploads  # the admin's own uploads, plus any Herald made
    print(f"\n  photo sends: {sum(used.values())}, distinct files: {len(used)}, uploads by Herald: {herald_uploads}")
    print(f"  uploads per photo: {uploads / PHOTOS:.2f} (goal 1)")
