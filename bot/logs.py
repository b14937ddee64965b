"""Logging set-up that keeps secrets out of every record."""

import asyncio
import logging
from collections.abc import Iterable


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


def configure(level: str, secrets: Iterable[str]) -> None:
    """Log to stderr at level, with secrets redacted from every handler's output."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(CancelledPoolReset())
    handler.addFilter(RedactSecrets(secrets))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
