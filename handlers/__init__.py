"""Telegram handlers, one feature per module; the order of inclusion matters where noted."""

from aiogram import Router

from handlers import (
    admin_tools,
    channels,
    compose,
    editing,
    errors,
    membership,
    reading,
    refusals,
    scheduling,
    subscriptions,
    unknown,
)


def build_router() -> Router:
    """The root router with every feature router in order."""
    root = Router(name=__name__)
    root.include_routers(
        errors.router,
        membership.router,
        compose.router,  # admin routers first: their IsAdmin filter lets non-admins fall through
        editing.router,
        scheduling.router,
        channels.router,
        admin_tools.router,
        refusals.router,  # ...to here, where admin commands from anyone else are refused
        reading.router,
        subscriptions.router,
        unknown.router,  # last: catches only what nothing else handled
    )
    return root
