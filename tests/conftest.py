"""Fixtures: the Bot API stand-in, a database, and the real `herald run` process."""

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from tests.standin.people import Person, person
from tests.standin.server import BotApiStandIn
from tests.synapse import MatrixUser, Synapse, die_with_parent

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"  # the machine's PostgreSQL (trust auth)


async def eventually(check: Callable[[], bool], seconds: float = 15.0, what: str = "condition") -> None:
    """Wait until check() holds, failing with what after some seconds."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first: with parallel workers, the run then ends about when its longest test does."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandIn]:
    server = BotApiStandIn()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def admin(standin: BotApiStandIn) -> Person:
    return person(standin, "Ada Admin")


class HeraldProcess:
    """The real `herald run` in a child process, pointed at the stand-in."""

    def __init__(self, standin: BotApiStandIn, workdir: Path, env: dict[str, str]) -> None:
        self.standin, self.workdir, self.env = standin, workdir, env
        self.log = workdir / "herald.log"
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        polls = sum(1 for method, _ in self.standin.world.calls if method == "getUpdates")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=die_with_parent,
            )  # fmt: skip
        await eventually(
            lambda: sum(1 for m, _ in self.standin.world.calls if m == "getUpdates") > polls or not self.alive,
            what="herald to start polling",
        )
        assert self.alive, self.output()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self, sig: int = signal.SIGTERM) -> None:
        if self.alive:
            assert self.process is not None
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=15)

    async def stop(self, seconds: float = 20.0) -> None:
        """SIGTERM, then wait for the exit without blocking the loop: the stand-in must go on answering meanwhile."""
        if self.alive:
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGTERM)
            await eventually(lambda: not self.alive, seconds, what="herald to stop")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def herald_env(standin: BotApiStandIn, admin: Person, tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "MATRIX_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=standin.token,
        TELEGRAM_API_URL=standin.url,
        ADMINS=str(admin.id),
        ADMIN_CHATS="",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'herald.db'}",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
async def herald(standin: BotApiStandIn, herald_env: dict[str, str], tmp_path: Path) -> AsyncIterator[HeraldProcess]:
    process = HeraldProcess(standin, tmp_path, herald_env)
    await process.start()
    yield process
    await process.stop()
    assert "Traceback" not in process.output(), process.output()
    assert standin.token not in process.output(), "the bot token reached the log"


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator["async_sessionmaker[AsyncSession]"]:
    """A migrated SQLite database in tmp_path."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'unit.db'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def _pg(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on SQLite, then on the machine's PostgreSQL: for what must hold on both."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite+aiosqlite:///{tmp_path / 'both.db'}"


@pytest.fixture
async def db(db_url: str) -> AsyncIterator["async_sessionmaker[AsyncSession]"]:
    """A migrated database at db_url."""
    await asyncio.to_thread(upgrade, db_url)
    engine = create_engine(db_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"herald_stairway_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
    yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    asyncio.run(_pg(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """One real Synapse for the whole run, stopped at the end (and killed with the run if it dies)."""
    server = Synapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def register(synapse: Synapse) -> Callable[[str], MatrixUser]:
    """Registers a fresh account per test: names get a suffix, so tests never share a user."""
    suffix = uuid.uuid4().hex[:6]
    return lambda name: synapse.register(f"{name}-{suffix}")
