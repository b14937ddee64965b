"""Herald's commands, one feature per module, written once for every platform."""

from bot.commands.model import Catalogue
from handlers import admin_tools, channels, compose, editing, language, picker, reading, scheduling, subscriptions


def build_catalogue() -> Catalogue:
    """Every command in the order help lists them: everyone's first, then the admins'."""
    return Catalogue.of(
        [
            *reading.COMMANDS,
            *subscriptions.COMMANDS,
            *picker.COMMANDS,
            *language.COMMANDS,
            *compose.COMMANDS,
            *editing.COMMANDS,
            *scheduling.COMMANDS,
            *channels.COMMANDS,
            *admin_tools.COMMANDS,
        ],
        on_photos=compose.add_photos,
    )
