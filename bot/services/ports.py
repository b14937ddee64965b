"""What the services need from the rest of Herald, as small ports they are given."""

from typing import Protocol


class OutboxWaker(Protocol):
    """Wakes whatever sends the outbox, so that newly queued deliveries go out without waiting for a poll."""

    def wake(self) -> None: ...
