"""Every migration goes up, down and up again, on SQLite and on the machine's PostgreSQL."""

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config, downgrade, upgrade

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def stairway(url: str) -> None:
    for revision in revisions():
        upgrade(url, revision)
        previous = ScriptDirectory.from_config(alembic_config(url)).get_revision(revision).down_revision
        downgrade(url, str(previous) if previous else "base")
        upgrade(url, revision)


def test_stairway_sqlite(tmp_path: Path) -> None:
    stairway(f"sqlite+aiosqlite:///{tmp_path / 'stairway.db'}")


async def _pg(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"herald_stairway_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
    yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    asyncio.run(_pg(f'DROP DATABASE "{name}" WITH (FORCE)'))


def test_stairway_postgres(postgres_url: str) -> None:
    stairway(postgres_url)
