"""What became of one delivery attempt, and how each outcome is written to the outbox."""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.models import DeliveryAction, DeliveryState, PostStatus
from bot.messenger import (
    DeliveryError,
    Rejected,
    RetryAfter,
    SentCopy,
    TargetGone,
    TargetMoved,
    Transient,
)
from storage.base import utcnow
from storage.models import Delivery, Target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How transient faults are retried: exponential backoff with jitter, up to max_attempts."""

    max_attempts: int = 5
    base_seconds: float = 2.0
    cap_seconds: float = 300.0

    def delay(self, attempts: int) -> float:
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return random.uniform(ceiling / 2, ceiling)


class Unexpected(Rejected):
    """An exception that is no platform fault is our own bug: retrying would only repeat it."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(f"unexpected error: {type(cause).__name__}: {cause}")
        self.cause = cause


def record_done(
    delivery: Delivery, action: DeliveryAction, copy: SentCopy, revision: int, at: datetime | None = None
) -> None:
    """The action went through (at that time, else now): a sent or edited copy keeps its message ids for later
    edits and deletes."""
    delivery.last_error = None
    delivery.revision = revision
    if action == DeliveryAction.DELETE:
        delivery.state = DeliveryState.DELETED
        return
    delivery.state = DeliveryState.SENT
    delivery.message_ids = list(copy.message_ids)
    if action == DeliveryAction.SEND:
        delivery.sent_at = at or utcnow()


def follow_up(delivery: Delivery, revision: int, status: str) -> None:
    """A copy sent while the post was edited or deleted gets that edit or delete queued (nothing is lost)."""
    if delivery.state != DeliveryState.SENT:
        return
    if status == PostStatus.DELETED:
        _queue(delivery, DeliveryAction.DELETE)
    elif revision > delivery.revision:
        _queue(delivery, DeliveryAction.EDIT)


def _queue(delivery: Delivery, action: DeliveryAction) -> None:
    delivery.action, delivery.state, delivery.attempts = action, DeliveryState.PENDING, 0
    delivery.next_attempt_at = utcnow()


def record_skipped(delivery: Delivery, reason: str) -> None:
    """Nothing to send any more (the post was deleted, the target left)."""
    delivery.state = DeliveryState.SKIPPED
    delivery.last_error = reason


def record_error(delivery: Delivery, target: Target, error: DeliveryError, policy: RetryPolicy) -> None:
    """Write what a fault means for this delivery and its target."""
    delivery.last_error = error.reason[:1024]
    if isinstance(error, RetryAfter):
        _retry_in(delivery, error.seconds, count_attempt=False)
    elif isinstance(error, TargetMoved):
        target.chat_id = error.new_chat_id
        _retry_in(delivery, 0, count_attempt=False)
    elif isinstance(error, TargetGone):
        delivery.state = DeliveryState.FAILED
        target.active, target.inactive_reason = False, error.reason[:255]
    elif isinstance(error, Transient) and delivery.attempts < policy.max_attempts:
        _retry_in(delivery, policy.delay(delivery.attempts), count_attempt=True)
    else:
        delivery.state = DeliveryState.FAILED
        trace = error.cause if isinstance(error, Unexpected) else None  # the one place our own bug is logged
        log.error("delivery %s to target %s failed for good: %s", delivery.id, target.id, error.reason, exc_info=trace)


def defer(delivery: Delivery, seconds: float) -> None:
    """Put a claimed delivery back until its chat may receive again (not a failed attempt)."""
    _retry_in(delivery, seconds, count_attempt=False)


def _retry_in(delivery: Delivery, seconds: float, *, count_attempt: bool) -> None:
    delivery.state = DeliveryState.PENDING
    delivery.next_attempt_at = utcnow() + timedelta(seconds=seconds)
    if not count_attempt:
        delivery.attempts -= 1  # waiting out a rate limit or a move is not a failed attempt
