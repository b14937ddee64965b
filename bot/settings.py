"""Herald's settings, read from the environment and `.env`."""

import re
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.arguments import is_number
from bot.domain.ids import is_matrix_room_id

OFFICIAL_TELEGRAM_API = "https://api.telegram.org"
_MATRIX_USER = re.compile(r"^@[^\s:]+:\S+$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Every setting Herald reads; see `.env.example` for each one's meaning."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = OFFICIAL_TELEGRAM_API
    matrix_homeserver: str | None = None
    matrix_user_id: str | None = None
    matrix_access_token: SecretStr | None = None
    admins: Annotated[frozenset[str], NoDecode] = frozenset()
    admin_chats: Annotated[tuple[str, ...], NoDecode] = ()
    database_url: str = "sqlite+aiosqlite:///data/herald.db"
    log_level: str = "INFO"
    telegram_rate: float = Field(default=30.0, gt=0, description="messages per second across all chats")
    telegram_paid_broadcast: bool = False
    telegram_start_seconds: float = Field(default=60.0, gt=0, description="how long getMe is retried at start")
    matrix_rate: float = Field(default=20.0, gt=0, description="Matrix events per second across all rooms")
    delivery_attempts: int = Field(default=5, ge=1, le=50, description="tries before a transient fault is final")
    timezone: str = "UTC"

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        return frozenset(_split(value)) if isinstance(value, str) else value

    @field_validator("admin_chats", mode="before")
    @classmethod
    def _split_chats(cls, value: object) -> object:
        return tuple(_split(value)) if isinstance(value, str) else value

    @field_validator("admins")
    @classmethod
    def _known_admins(cls, value: frozenset[str]) -> frozenset[str]:
        wrong = sorted(admin for admin in value if not (is_number(admin) or _MATRIX_USER.match(admin)))
        if wrong:
            raise ValueError(f"{wrong[0]!r} is neither a Telegram user id (digits) nor a Matrix id (@name:server)")
        return value

    @field_validator("admin_chats")
    @classmethod
    def _known_chats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        wrong = [chat for chat in value if not (is_number(chat.removeprefix("-")) or is_matrix_room_id(chat))]
        if wrong:
            raise ValueError(f"{wrong[0]!r} is neither a Telegram chat id (-100123) nor a Matrix room id (!abc:server)")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"unknown log level {value!r}; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/London") from None
        return value

    @property
    def telegram_send_rate(self) -> float:
        """Messages per second across all chats: paid broadcasting lifts Telegram's limit to 1000/s."""
        return 1000.0 if self.telegram_paid_broadcast else self.telegram_rate

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None and bool(self.telegram_bot_token.get_secret_value())

    @property
    def matrix_enabled(self) -> bool:
        token = self.matrix_access_token.get_secret_value() if self.matrix_access_token else ""
        return bool(self.matrix_homeserver and self.matrix_user_id and token)

    def admin_here(self, user_id: str | None, chat_id: str, private: bool) -> bool:
        """One of ADMINS acting where admins act: a private (direct) chat with the bot, or an ADMIN_CHATS chat."""
        return user_id is not None and user_id in self.admins and (private or chat_id in self.admin_chats)

    def secrets(self) -> list[str]:
        """Every secret setting's value, to keep out of the logs."""
        return [s.get_secret_value() for s in (self.telegram_bot_token, self.matrix_access_token) if s is not None]

    def missing_transport(self) -> str | None:
        """None when a transport is configured, else one line naming the settings that would enable one."""
        if self.telegram_enabled or self.matrix_enabled:
            return None
        matrix = {
            "MATRIX_HOMESERVER": self.matrix_homeserver,
            "MATRIX_USER_ID": self.matrix_user_id,
            "MATRIX_ACCESS_TOKEN": self.matrix_access_token,
        }
        if any(matrix.values()):
            unset = ", ".join(name for name, value in matrix.items() if not value)
            return f"Matrix needs {unset} as well (or set TELEGRAM_BOT_TOKEN for Telegram)."
        return (
            "No transport configured: set TELEGRAM_BOT_TOKEN for Telegram "
            "(Matrix needs MATRIX_HOMESERVER, MATRIX_USER_ID and MATRIX_ACCESS_TOKEN)."
        )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
