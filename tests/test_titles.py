"""The title-line parser, on the sample archive page and on bad input."""

from datetime import date
from pathlib import Path

import pytest

from bot.domain.errors import UserError
from bot.domain.titles import parse_title_line

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "archive-page.txt"
SAMPLE_COPY = Path(__file__).with_name("data") / "archive-page.txt"

EXPECTED = [
    ("Japan", "Harbour Line Reopens After Six Months of Repairs!", date(2026, 1, 24)),
    ("UK", "Libraries Extend Opening Hours in Winter!", date(2026, 1, 16)),
    ("UK", "Riverside Tree Planting Draws 400 Volunteers", date(2026, 1, 12)),
    ("UN", "Agencies Publish Joint Report on Clean Water Access", date(2026, 1, 11)),
    ("Brazil", "Coastal Observatory Opens to the Public 🔭", date(2026, 1, 9)),
    ("Canada", "Early Snow Closes Mountain Passes", date(2026, 1, 8)),
    ("united kingdom", "Ferry Timetable Returns to Summer Schedule", date(2026, 1, 5)),
    ("Chile", "Desert Flowers Bloom After Rare Rainfall", None),
]


def sample_lines() -> list[str]:
    path = SAMPLE if SAMPLE.exists() else SAMPLE_COPY
    return path.read_text(encoding="utf-8").splitlines()


def title_lines() -> list[tuple[str, str, date | None]]:
    found = []
    for line in sample_lines():
        try:
            parsed = parse_title_line(line)
        except UserError:
            continue
        found.append((parsed.region, parsed.title, parsed.date))
    return found


def test_every_title_line_of_the_sample_page_is_found_and_nothing_else() -> None:
    assert title_lines() == EXPECTED


@pytest.mark.parametrize(
    ("line", "region", "title", "when"),
    [
        ("UK: Bridge Reopens (16.1.2026)", "UK", "Bridge Reopens", date(2026, 1, 16)),
        ("UK: Bridge Reopens (2026-01-16)", "UK", "Bridge Reopens", date(2026, 1, 16)),
        ("United Kingdom:   Bridge   Reopens", "United Kingdom", "Bridge Reopens", None),
        ("UK: Talks (Round 2) End (1.2.2026)", "UK", "Talks (Round 2) End", date(2026, 2, 1)),
        ("UK: Results (final)", "UK", "Results (final)", None),
    ],
)
def test_title_line_parts(line: str, region: str, title: str, when: date | None) -> None:
    parsed = parse_title_line(line)
    assert (parsed.region, parsed.title, parsed.date) == (region, title, when)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Bridge Reopens (16.1.2026)", "needs a region prefix, like this:\nRegion: Title (16.1.2026)"),
        ("UK: Bridge Reopens (31.2.2026)", "31.2.2026 is not a real date"),
        ("UK: Bridge Reopens (2026-13-01)", "2026-13-01 is not a real date"),
        ("UK: (16.1.2026)", "The title is missing"),
        ("Photographs were taken at the terminal. Photo: City Transit", "needs a region prefix"),
    ],
)
def test_bad_title_lines_get_one_clear_message(line: str, message: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_title_line(line)
    assert message in refused.value.message
