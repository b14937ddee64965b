"""Services return plain values: the wording of replies and errors (a `Voice`) belongs to the handlers."""

import ast
from pathlib import Path

import bot.services

SERVICES = Path(bot.services.__file__).parent


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}


def test_no_service_speaks() -> None:
    speaking = sorted(path.name for path in SERVICES.glob("*.py") if "Voice" in imported_names(path))
    assert speaking == []
