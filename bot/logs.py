"""Logging set-up that keeps secrets out of every record."""

import asyncio
import logging
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

REPEAT_WINDOW_SECONDS = 60.0
KEPT_FAILURES = 1024  # distinct failures remembered; the oldest is forgotten first


class CancelledPoolReset(logging.Filter):
    """Drops SQLAlchemy's report of a connection reset cut short by shutdown: the connection is discarded and
    the unfinished transaction rolls back in the database, so nothing is lost and there is nothing to act on."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (record.name.startswith("sqlalchemy.pool") and isinstance(error, asyncio.CancelledError))


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's final message with `***`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "***")
        if redacted != message or record.exc_info:
            record.msg, record.args = redacted, None
            if record.exc_info:
                record.exc_text = self._redact(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


@dataclass
class _Seen:
    since: float  # when it was last written
    left_out: int = 0  # repeats not written since


class RepeatedFailures(logging.Filter):
    """Writes each distinct warning or error once, with its traceback; its repeats within `window` seconds are
    only counted, and the first one after that is written as one line saying how many were left out. A flood of
    one failure thus costs a line a minute, not a traceback per command."""

    def __init__(self, window: float = REPEAT_WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.window, self.clock = window, clock
        self._seen: dict[tuple[str, ...], _Seen] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key, now = failure_key(record), self.clock()
        seen = self._seen.get(key)
        if seen is None:
            self._remember(key, now)
            return True
        if now - seen.since < self.window:
            seen.left_out += 1
            return False
        _shorten(record, seen.left_out, now - seen.since)
        seen.since, seen.left_out = now, 0
        return True

    def _remember(self, key: tuple[str, ...], now: float) -> None:
        if len(self._seen) >= KEPT_FAILURES:
            del self._seen[next(iter(self._seen))]
        self._seen[key] = _Seen(now)


def failure_key(record: logging.LogRecord) -> tuple[str, ...]:
    """What makes two records the same failure: the logger and the message, or for an exception the message's
    template, the exception's type and the line that raised it (its values vary: chats, ids)."""
    error = record.exc_info[1] if record.exc_info else None
    if error is None:
        return record.name, record.getMessage()
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return record.name, str(record.msg), type(error).__qualname__, where


def _shorten(record: logging.LogRecord, left_out: int, seconds: float) -> None:
    """A repeat in one line: its cause instead of the traceback already written, and the repeats left out."""
    error = record.exc_info[1] if record.exc_info else None
    cause = f" ({type(error).__name__}: {error})" if error is not None else ""
    repeats = f" [{left_out} more like this in the last {seconds:.0f} s not logged]" if left_out else ""
    record.msg, record.args = f"{record.getMessage()}{cause}{repeats}", None
    record.exc_info, record.exc_text = None, None


def handler(secrets: Iterable[str], stream: TextIO | None = None) -> logging.Handler:
    """A handler to stream (stderr by default) that drops repeated failures and redacts secrets."""
    out = logging.StreamHandler(stream)
    out.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    out.addFilter(CancelledPoolReset())
    out.addFilter(RepeatedFailures())  # before redaction, which turns the traceback into text
    out.addFilter(RedactSecrets(secrets))
    return out


def configure(level: str, secrets: Iterable[str]) -> None:
    """Log to stderr at level, with secrets redacted from every handler's output."""
    logging.basicConfig(level=level.upper(), handlers=[handler(secrets)], force=True)
