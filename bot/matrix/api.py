"""The Matrix client-server API through mautrix, with its errors translated into the messenger Protocol's faults."""

import asyncio
import json
from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import ClientError, ClientResponse, ClientSession, ClientTimeout
from mautrix.api import HTTPAPI, Method
from mautrix.client import ClientAPI
from mautrix.errors import (
    MatrixConnectionError,
    MatrixRequestError,
    MForbidden,
    MLimitExceeded,
    MNotFound,
    MUnknownToken,
    make_request_error,
)
from mautrix.types import JSON, UserID
from yarl import URL

from bot.domain.arguments import is_number
from bot.messenger import DeliveryError, Rejected, RetryAfter, TargetGone, Transient

T = TypeVar("T")


class RateLimited(MLimitExceeded):
    """M_LIMIT_EXCEEDED with the homeserver's `retry_after_ms` kept (mautrix drops it)."""

    def __init__(self, http_status: int, message: str, retry_after_ms: int) -> None:
        super().__init__(http_status, message)
        self.retry_after_ms = retry_after_ms


class HeraldHTTPAPI(HTTPAPI):
    """mautrix's HTTP API, raising RateLimited with its wait time for a 429."""

    async def _send(
        self,
        method: Method,
        url: URL,
        content: Any,
        query_params: dict[str, str],
        headers: dict[str, str],
    ) -> tuple[JSON, ClientResponse]:
        async with self.session.request(
            str(method), url, data=content, params=query_params, headers=headers
        ) as response:
            if 200 <= response.status < 300:
                return await response.json(), response
            raise _request_error(response.status, await response.text(), response.headers.get("Retry-After"))


def _request_error(status: int, text: str, retry_after: str | None) -> MatrixRequestError:
    try:
        body = json.loads(text)
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    errcode, message = body.get("errcode"), body.get("error") or ""
    if errcode == "M_LIMIT_EXCEEDED" or status == 429:
        wait_ms = body.get("retry_after_ms")
        if not isinstance(wait_ms, int):
            wait_ms = int(retry_after) * 1000 if retry_after and is_number(retry_after) else 1000
        return RateLimited(status, message, wait_ms)
    return make_request_error(status, text, errcode, message)


def create_client(homeserver: str, user_id: str, token: str) -> ClientAPI:
    """A mautrix client for the bot's account; requests time out instead of hanging a delivery."""
    session = ClientSession(timeout=ClientTimeout(total=90, sock_connect=10))
    api = HeraldHTTPAPI(homeserver, token, client_session=session, default_retry_count=0)
    return ClientAPI(UserID(user_id), api=api)


_GONE_MARKERS = ("not in room", "not joined", "banned", "kicked", "not a member", "unknown room")


def translate(error: Exception) -> DeliveryError:
    """The Protocol fault for a mautrix or network error."""
    if isinstance(error, RateLimited):
        return RetryAfter("M_LIMIT_EXCEEDED", error.retry_after_ms / 1000)
    if isinstance(error, MUnknownToken):
        return Rejected("the homeserver refused MATRIX_ACCESS_TOKEN")
    if isinstance(error, MForbidden | MNotFound):
        return TargetGone(f"{error.errcode}: {error.message}")
    if isinstance(error, MatrixRequestError):
        status = getattr(error, "http_status", 0)
        reason = f"{getattr(error, 'errcode', None) or status}: {getattr(error, 'message', '') or ''}".strip()
        if status >= 500 or status == 0:
            return Transient(reason)
        gone = any(marker in reason.lower() for marker in _GONE_MARKERS)
        return TargetGone(reason) if gone else Rejected(reason)
    if isinstance(error, MatrixConnectionError | ClientError | asyncio.TimeoutError | OSError):
        return Transient(f"connection: {type(error).__name__}")
    return Rejected(f"{type(error).__name__}: {error}")


async def call(request: Awaitable[T]) -> T:
    """Await a homeserver request, raising the Protocol's faults instead of mautrix's."""
    try:
        return await request
    except (TimeoutError, MatrixRequestError, MatrixConnectionError, ClientError) as error:
        raise translate(error) from error
