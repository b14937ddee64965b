"""Parsing of the post title line: `Region: Title (d.m.yyyy)`."""

import re
from dataclasses import dataclass
from datetime import date

from bot import texts
from bot.domain.errors import UserError

MAX_REGION_LENGTH = 48
MAX_REGION_WORDS = 5  # longer prefixes are sentences (`… terminal. Photo: Credit`), not regions
MAX_TITLE_LENGTH = 200

# A region is a short name of letters, digits, spaces, dots, hyphens and apostrophes: never a sentence.
_REGION = re.compile(r"^(?P<region>[^\W_][\w .'’&-]*?)\s*:\s+(?P<rest>\S.*)$")
_REGION_NAME = re.compile(r"[^\W_][\w .'’&-]*")
_TRAILING_DATE = re.compile(r"\s*\((?P<date>[^()]*)\)\s*$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class TitleLine:
    """The parts of a parsed title line."""

    region: str
    title: str
    date: date | None


def parse_date(text: str) -> date:
    """Parse `d.m.yyyy` or ISO `yyyy-mm-dd`; an impossible date is a UserError."""
    text = text.strip()
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise UserError(texts.NOT_A_DATE, text=text)
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(texts.NOT_A_REAL_DATE, text=text) from None


def looks_like_date(text: str) -> bool:
    """Whether a parenthesised tail is meant as a date (so a bad one is an error, not part of the title)."""
    return bool(re.fullmatch(r"\s*[\d.\-/]+\s*", text))


def parse_title_line(line: str) -> TitleLine:
    """Split `Region: Title (date)` into its parts, or raise a UserError showing the expected form."""
    line = " ".join(line.split())
    match = _REGION.match(line)
    if match is None or len(match["region"]) > MAX_REGION_LENGTH or len(match["region"].split()) > MAX_REGION_WORDS:
        raise UserError(texts.NO_REGION_PREFIX, form=texts.EXPECTED_FORM)
    region, rest = match["region"].strip(), match["rest"]
    when: date | None = None
    if (tail := _TRAILING_DATE.search(rest)) and looks_like_date(tail["date"]):
        when = parse_date(tail["date"])
        rest = rest[: tail.start()].rstrip()
    if not rest:
        raise UserError(texts.NO_TITLE, region=region, form=texts.EXPECTED_FORM)
    if len(rest) > MAX_TITLE_LENGTH:
        raise UserError(texts.TITLE_TOO_LONG, length=len(rest), limit=MAX_TITLE_LENGTH)
    return TitleLine(region=region, title=rest, date=when)


def region_key(name: str) -> str:
    """The case-insensitive key under which a region or alias name is matched."""
    return " ".join(name.split()).casefold()


def is_region_name(name: str) -> bool:
    """Whether a title line could name this region (so that waiting for its first post makes sense)."""
    return bool(_REGION_NAME.fullmatch(name)) and len(name.split()) <= MAX_REGION_WORDS
