"""Applying Alembic migrations from code, as `herald run` does before it starts."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.engine import ensure_sqlite_dir

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic config for url that needs no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at url up to revision, creating a fresh SQLite file if there is none."""
    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the database at url down to revision."""
    command.downgrade(alembic_config(url), revision)
