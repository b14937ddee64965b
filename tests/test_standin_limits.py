"""The stand-in's rate limits: what they forgive (bunched arrivals of an evenly paced sender) and what they don't
(a sender over 30 a second), so that "no 429" in the load tests means what it says."""

from tests.standin.limits import RateLimits


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def admitted(limits: RateLimits, clock: Clock, sends: int, seconds: float) -> int:
    """How many of sends, to as many private chats spread evenly over seconds, are accepted."""
    accepted = 0
    for chat in range(sends):
        accepted += limits.admit(chat, shared=False, cost=1) == 0
        clock.now += seconds / sends
    return accepted


def test_a_sender_at_30_a_second_meets_no_429_even_when_a_fifth_of_a_second_arrives_at_once() -> None:
    clock = Clock()
    limits = RateLimits(clock=clock)
    assert admitted(limits, clock, 60, 2.0) == 60
    clock.now += 0.2  # a stall: the sends of these 0.2 s arrive together at its end
    assert admitted(limits, clock, 6, 0.0) == 6
    assert admitted(limits, clock, 24, 0.8) == 24


def test_a_sender_over_the_limit_meets_429s() -> None:
    clock = Clock()
    limits = RateLimits(clock=clock)
    assert admitted(limits, clock, 40, 0.5) == 36  # 80/s: past 36 in a second, refused
    clock.now += 1.0
    assert admitted(limits, clock, 80, 2.0) == 72  # 40/s for 2 s: 36 in each second


def test_a_refusal_says_how_long_to_wait() -> None:
    clock = Clock()
    limits = RateLimits(clock=clock)
    admitted(limits, clock, 36, 0.0)
    assert limits.admit(99, shared=False, cost=1) == 1
    clock.now += 1.0
    assert limits.admit(99, shared=False, cost=1) == 0


def test_a_stall_of_this_server_forgives_the_sends_of_that_time_only() -> None:
    clock = Clock()
    limits = RateLimits(clock=clock)
    assert admitted(limits, clock, 30, 1.0) == 30
    clock.now += 0.5
    limits.stalled(0.5)  # the sends of those 0.5 s arrive together as it ends
    assert admitted(limits, clock, 15, 0.0) == 15
    assert admitted(limits, clock, 25, 0.5) == 25


def test_a_sender_over_the_limit_is_not_forgiven_for_a_short_stall() -> None:
    clock = Clock()
    limits = RateLimits(clock=clock)
    limits.stalled(0.2)  # forgives 6 more in the next second: 42 in all
    assert admitted(limits, clock, 80, 1.0) == 42  # 80/s
