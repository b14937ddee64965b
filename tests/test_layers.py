"""Services return plain values: the wording of replies and errors (a `Voice`) belongs to the handlers."""

import ast
import importlib
import pkgutil
from pathlib import Path

import bot.services
from bot import texts
from bot.pot import messages

SERVICES = Path(bot.services.__file__).parent


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}


def test_no_service_speaks() -> None:
    speaking = sorted(path.name for path in SERVICES.glob("*.py") if "Voice" in imported_names(path))
    assert speaking == []


def test_the_texts_are_kept_by_area_and_read_as_one_module() -> None:
    """`texts.X` and `python -m bot.pot` see every text of every module of the package `bot.texts`."""
    areas = {info.name for info in pkgutil.iter_modules(texts.__path__)}
    assert {"errors", "frame", "help", "replies", "reports", "picker"} <= areas
    for area in areas:
        module = importlib.import_module(f"bot.texts.{area}")
        assert len(Path(str(module.__file__)).read_text().splitlines()) < 300
        names = {name: value for name, value in vars(module).items() if name.isupper()}
        assert all(getattr(texts, name) is value for name, value in names.items()), area
        assert {name for name, _, _ in messages()} >= {name for name, value in names.items() if isinstance(value, str)}
