"""Inserts that a concurrent first-time creation can't fail: `INSERT … ON CONFLICT`, on SQLite and PostgreSQL."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import Base

Row = Mapping[str, Any]


async def insert_missing(session: AsyncSession, model: type[Base], rows: Sequence[Row]) -> None:
    """Insert rows, leaving alone any that a unique key already holds (perhaps just stored by another command)."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(postgresql.insert(model).values(list(rows)).on_conflict_do_nothing())
    else:
        await session.execute(sqlite.insert(model).values(list(rows)).on_conflict_do_nothing())


async def upsert(session: AsyncSession, model: type[Base], row: Row, key: Sequence[str], update: Sequence[str]) -> None:
    """Insert row, or on a conflict over key set the update columns of the row that holds it."""
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(model).values(dict(row))
        await session.execute(pg.on_conflict_do_update(index_elements=key, set_={c: pg.excluded[c] for c in update}))
    else:
        lite = sqlite.insert(model).values(dict(row))
        changes = {column: lite.excluded[column] for column in update}
        await session.execute(lite.on_conflict_do_update(index_elements=key, set_=changes))
