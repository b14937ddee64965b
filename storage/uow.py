"""The unit of work: one session, its repositories, one commit, and what runs once the commit has happened."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repos import Repos

log = logging.getLogger(__name__)

Hook = Callable[[], object]


class UnitOfWork:
    """Everything one command or job writes, committed at one point; hooks run only after that commit."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repos = Repos.over(session)
        self._after_commit: list[Hook] = []

    def after_commit(self, hook: Hook) -> None:
        """Run hook once the work is committed (never when it is rolled back)."""
        self._after_commit.append(hook)

    async def commit(self) -> None:
        """Commit, then run the hooks in the order they were added."""
        await self.session.commit()
        hooks, self._after_commit = self._after_commit, []
        for hook in hooks:
            try:
                hook()
            except Exception:  # the work is committed: a failed hook must not make it look undone
                log.exception("a hook after a commit failed")

    async def rollback(self) -> None:
        """Discard what was written, and the hooks with it."""
        self._after_commit.clear()
        await self.session.rollback()


class UnitsOfWork:
    """Opens units of work on one database."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        bind = sessions.kw.get("bind")
        # SQLite takes one writer at a time, and its busy handler is no queue: in a burst of commands a writer that
        # went to sleep waiting could miss every free moment for its whole timeout. Commands take turns here instead.
        self._turns = asyncio.Lock() if bind is not None and bind.dialect.name == "sqlite" else None

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work; what it did not commit is rolled back when it closes."""
        async with self.sessions() as session:
            yield UnitOfWork(session)

    @asynccontextmanager
    async def in_turn(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work that waits its turn, first come first served, where the database takes one writer at a
        time (SQLite); the same as any unit elsewhere. Never open one inside another."""
        async with self._turn(), self() as uow:
            yield uow

    def _turn(self) -> AbstractAsyncContextManager[object]:
        return self._turns if self._turns is not None else contextlib.nullcontext()
