"""Every migration goes up, down and up again, on SQLite and on the machine's PostgreSQL."""

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config, downgrade, upgrade


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


def test_stairway_postgres(postgres_url: str) -> None:
    stairway(postgres_url)


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """A model change without its migration fails here (alembic check)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'check.db'}"
    upgrade(url)
    command.check(alembic_config(url))
