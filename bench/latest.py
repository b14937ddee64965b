"""P4: `/latest UK` service latency with 1,000,000 posts in SQLite, p50 and p99."""

import asyncio
import datetime
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from bot.domain.models import PostStatus
from bot.services.reading import ReadingService
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Post, Region
from storage.repos import Repos

POSTS = 1_000_000
REGIONS = ["UK", "Brazil", "Japan", "Canada", "Chile", "UN", "India", "Kenya"]
CHUNK = 50_000
QUERIES = 2_000


def rows(start: int, count: int) -> list[dict[str, object]]:
    first = datetime.date(2000, 1, 1)
    day = datetime.timedelta(days=1)
    return [
        {"region_id": n % len(REGIONS) + 1, "title": f"Post {n}", "post_date": first + day * (n // 100),
         "body": "Body.", "status": PostStatus.PUBLISHED, "author": "telegram:1", "origin_platform": "telegram",
         "origin_chat": "1", "revision": 1}
        for n in range(start, start + count)
    ]  # fmt: skip


async def main(posts: int = POSTS) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'p4.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        sessions = create_sessionmaker(engine)
        print(f"P4 /latest UK with {posts:,} posts in SQLite")
        async with sessions() as session:
            await session.execute(insert(Region), [{"name": name, "key": name.lower()} for name in REGIONS])
            for start in range(0, posts, CHUNK):
                await session.execute(insert(Post), rows(start, min(CHUNK, posts - start)))
                print(f"\r  inserting posts: {start + CHUNK:,}/{posts:,}", end="", flush=True)
            await session.commit()
        print()
        timings = []
        for n in range(QUERIES):
            async with sessions() as session:
                region = "uk" if n % 2 else "UK"
                started = time.perf_counter()
                latest = await ReadingService(Repos.over(session)).latest(region, 5)
                timings.append((time.perf_counter() - started) * 1000)
            assert len(latest.posts) == 5
        await engine.dispose()
    timings.sort()
    p50, p99 = statistics.median(timings), timings[int(len(timings) * 0.99)]
    print(f"  {QUERIES} queries: p50 {p50:.2f} ms, p99 {p99:.2f} ms (goal p99 ≤ 5 ms)")
