"""Engine and session factory for a database URL."""

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a SQLite file so that a fresh deployment starts without a manual step."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the outbox worker's writes; busy_timeout waits out a short lock. A 1 MB page cache
    # per connection (SQLite's default is 2 MB) holds the outbox's hot index pages; the OS cache keeps the rest.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-1024")
    cursor.close()


def create_engine(url: str) -> AsyncEngine:
    """An async engine for url; SQLite gets WAL, a busy timeout and foreign keys."""
    ensure_sqlite_dir(url)
    engine = create_async_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """One session per update or job; objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
