"""The `herald` command: `herald run` (also `python -m bot run`)."""

import argparse
import asyncio
import contextlib
import logging
import sys

from pydantic import ValidationError

from bot import logs
from bot.matrix.errors import MatrixLoginError
from bot.settings import Settings

log = logging.getLogger("herald")


def load_settings() -> Settings:
    """Settings from the environment and .env; invalid ones end the process with one clear line."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        print(f"herald: invalid settings: {problems}", file=sys.stderr)
        raise SystemExit(2) from None


def run() -> int:
    """Apply migrations, then run the bot until interrupted."""
    settings = load_settings()
    if missing := settings.missing_transport():
        print(f"herald: {missing}", file=sys.stderr)
        return 2
    # Imported only now: alembic and aiogram take seconds to load, and a refused configuration needs neither.
    # Before logging is set up, so that alembic's plugin registrations at import stay out of the log.
    from storage.migrate import upgrade

    logs.configure(settings.log_level, settings.secrets())
    try:
        upgrade(settings.database_url)
        log.info("database is up to date")
        return serve(settings)
    except Exception as error:  # any other exit still goes through the redacting log, never a raw traceback
        return stopped_by(error)


def stopped_by(error: BaseException) -> int:
    """Log an unforeseen fatal error as one line (its traceback at DEBUG, both redacted); exit code 1."""
    log.error("Herald stopped: %s", one_line(error))
    log.debug("the error that stopped Herald", exc_info=error)
    return 1


def first_leaf(error: BaseException) -> BaseException:
    """The first error that is no group of errors (a task group nests what its tasks raised)."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def one_line(error: BaseException) -> str:
    """The error's type and first line of its message."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def serve(settings: Settings) -> int:
    """Run Herald until stopped; the exit code (2: a refused token, 1: the Bot API can't be reached)."""
    from bot import app

    refused, unreachable = telegram_faults(settings)

    code = 0
    try:  # `except*`: a fault at start comes alone, one while running comes grouped by the task group
        with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
            asyncio.run(app.run(settings))
    except* refused:
        log.error("the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token")
        code = 2
    except* unreachable as group:
        reason = "; ".join(one_line(error) for error in group.exceptions)
        log.error("cannot reach the Bot API at %s: %s", settings.telegram_api_url, reason)
        code = 1
    except* MatrixLoginError as group:
        log.error("%s", group.exceptions[0])
        code = 2
    except* Exception as group:
        code = stopped_by(first_leaf(group))
    if code == 0:
        log.info("Herald stopped")
    return code


class _NotConfigured(Exception):
    """Stands in for the faults of a platform that is not configured: nothing raises it."""


def telegram_faults(settings: Settings) -> tuple[type[Exception], tuple[type[Exception], ...]]:
    """aiogram's refused-token fault, and the network and server faults that outlasted the start's retries;
    aiogram is loaded only when Telegram is configured."""
    if not settings.telegram_enabled:
        return _NotConfigured, (_NotConfigured,)
    from aiogram.exceptions import TelegramNetworkError, TelegramServerError, TelegramUnauthorizedError

    return TelegramUnauthorizedError, (TelegramNetworkError, TelegramServerError)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="herald", description="Herald: regional news for Telegram and Matrix.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="apply migrations and run the bot")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    return 2  # argparse already refused anything else


if __name__ == "__main__":
    sys.exit(main())
