"""Long polling that stops cleanly when its task is cancelled (a SIGTERM, a failed sibling task)."""

import asyncio
import contextlib
import logging

from aiogram import Bot, Dispatcher

log = logging.getLogger(__name__)
STOP_SECONDS = 5.0
HANDLERS_AT_ONCE = 64  # a burst of updates waits its turn instead of opening hundreds of transactions


async def poll(dispatcher: Dispatcher, bot: Bot) -> None:
    """Run aiogram's polling until cancelled, then stop it through aiogram's own stop signal.

    Cancelling `start_polling` itself leaves its inner getUpdates task running while it closes the bot's
    session, so every stop logged "Failed to fetch updates - ServerDisconnectedError" as an ERROR."""
    run = dispatcher.start_polling(
        bot, handle_signals=False, close_bot_session=False, tasks_concurrency_limit=HANDLERS_AT_ONCE
    )  # the bot's session is closed by the app, after the queued replies have gone out
    polling = asyncio.create_task(run, name="telegram-polling")
    try:
        await asyncio.shield(polling)
    except asyncio.CancelledError:
        await _stop(dispatcher, polling)
        raise


async def _stop(dispatcher: Dispatcher, polling: "asyncio.Task[None]") -> None:
    """Ask polling to stop and wait for it; cancel it if it had not started or does not stop in time."""
    if polling.done():
        return
    with contextlib.suppress(RuntimeError, TimeoutError):  # RuntimeError: not started yet, the wait below ends it
        await asyncio.wait_for(dispatcher.stop_polling(), STOP_SECONDS)
    try:
        await asyncio.wait_for(polling, STOP_SECONDS)
    except (TimeoutError, asyncio.CancelledError):
        pass
    except Exception:  # we are stopping anyway: the fault is worth a line, not a different exit
        log.warning("Telegram polling failed while stopping", exc_info=True)
