"""A flood: one "slow down" and nothing run; a failure repeated by it is logged once, then summarised."""

import io
import logging
from collections.abc import Iterator

import pytest

from bot import logs, texts
from bot.commands.flood import FLOOD_COMMANDS, FloodGate, Verdict
from tests.commands_harness import CommitFails, Harness, Who


async def test_a_flood_gets_one_slow_down_and_the_rest_is_not_run(herald: Harness) -> None:
    answers = [await herald.send("subscriptions", Who.READER) for _ in range(FLOOD_COMMANDS + 5)]
    assert all(len(answer) == 1 and texts.SLOW_DOWN not in answer[0] for answer in answers[:FLOOD_COMMANDS])
    assert answers[FLOOD_COMMANDS] == [texts.SLOW_DOWN]
    assert answers[FLOOD_COMMANDS + 1 :] == [[]] * 4
    assert len(await herald.send("subscriptions", Who.OWNER)) == 1  # someone else is not held up


def test_a_flood_ends_once_the_sender_pauses() -> None:
    now = [0.0]
    gate = FloodGate(limit=3, window=10.0, clock=lambda: now[0])
    assert [gate.admit("a") for _ in range(5)] == [Verdict.RUN] * 3 + [Verdict.WARN, Verdict.DROP]
    now[0] = 10.5
    assert gate.admit("a") == Verdict.RUN


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What Herald's own log handler writes (caplog's handler has none of its filters)."""
    stream = io.StringIO()
    handler = logs.handler([], stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


async def test_a_failing_command_flood_logs_one_traceback(
    herald: Harness, monkeypatch: pytest.MonkeyPatch, log_output: io.StringIO
) -> None:
    monkeypatch.setattr(herald.runner, "units", CommitFails(herald.sessions))
    for _ in range(15):
        assert await herald.send("subscriptions", Who.READER) == [texts.SOMETHING_WENT_WRONG]
    logged = log_output.getvalue()
    assert logged.count("Traceback") == 1 and logged.count("failed; nothing was saved") == 1, logged


def fail_to_write(log: logging.Logger) -> None:
    try:
        raise OSError("disk full")
    except OSError:
        log.exception("could not write %s", "x")


def test_repeats_are_summarised_once_the_window_passes() -> None:
    now = [0.0]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RepeatedFailures(window=60.0, clock=lambda: now[0]))
    log = logging.getLogger("tests.noise.repeats")
    log.addHandler(handler)
    log.propagate = False
    try:
        for _ in range(300):
            fail_to_write(log)
        now[0] = 61.0
        fail_to_write(log)
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue()
    assert lines.count("Traceback") == 1
    assert "could not write x (OSError: disk full) [299 more like this in the last 61 s not logged]" in lines
