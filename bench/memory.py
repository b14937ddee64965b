"""P5: peak RSS of the process broadcasting to 100,000 targets, and to 200,000 (it should stay flat)."""

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from storage.engine import create_engine
from storage.migrate import upgrade
from storage.models import Target
from tests.factories import reader_rows
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat

CHUNK = 50_000


async def seed(url: str, standin: BotApiStandIn, targets: int) -> None:
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    for start in range(0, targets, CHUNK):
        ids = range(1_000_000 + start, 1_000_000 + min(start + CHUNK, targets))
        for chat_id in ids:
            standin.world.chats[chat_id] = Chat(chat_id, "private")
        async with engine.begin() as connection:
            await connection.execute(insert(Target), reader_rows(ids))  # fmt: skip
    await engine.dispose()


async def measure(targets: int) -> dict[str, Any]:
    standin = BotApiStandIn()
    await standin.start()
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'p5.db'}"
        await seed(url, standin, targets)
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.broadcast_child", standin.url, standin.token, url, str(targets),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert child.stdout is not None
        result: dict[str, Any] = {}
        async for line in child.stdout:
            result = json.loads(line)
            if "progress" in result:
                print(f"\r  {targets:,} targets: {result['progress']:,} sent", end="", flush=True)
        await child.wait()
    standin.world.sent.clear()
    await standin.stop()
    print()
    return result


async def main() -> None:
    print("P5 peak RSS of the broadcasting process (stand-in in another process, SQLite)")
    small, large = await measure(100_000), await measure(200_000)
    for targets, result in ((100_000, small), (200_000, large)):
        print(f"  {targets:,} targets: peak RSS {result['peak_mb']:.0f} MB (at start {result['baseline_mb']:.0f} MB), "
              f"{result['done'] / result['seconds']:.0f} deliveries/s")  # fmt: skip
    print(f"  ratio peak(200k) / peak(100k): {large['peak_mb'] / small['peak_mb']:.2f} (goal ≤ 200 MB, flat)")
