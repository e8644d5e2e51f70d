"""The one date parser of kpo: find calendar dates in text and read a date value.

The extractors find dates in running text with :func:`find_dates` (fast regular
expressions that give offsets); the evaluation and the deliverable read a whole value
with :func:`parse_date`, which tries the same expressions first and python-dateutil
for the rest ("Sunday, January 5, 2020", "Jan-05-2020", "20200105"). Both read
numbers and two-digit years by the same rules, so a value that the extractor wrote
reads back as the same date.

Forms found in text: ``2019-04-17`` (also ``2019/04/17``, ``2019.04.17``, with a time
after it); ``April 17, 2019``, ``Apr. 17th 2019``, ``17 April 2019``, ``the 21st day of
September, 2008``, ``5th of January, 2020``, ``17-Apr-2019``, ``17-Apr-19``; numeric
``04/17/2019``, ``4-17-19`` (month first unless the first number is over 12) and
``17.04.2019`` (day first, the European dotted form). Four-digit years run from 1800
to 2099. A text without a day (``April 2019``) is not a calendar date.

Two-digit years: ``yy`` is the year ending in ``yy`` within the 100 years from
``reference - 79`` to ``reference + 20`` (:func:`full_year`); the reference is the
current year unless given. In 2026, ``46`` is 2046 and ``47`` is 1947: documents
look back further than they look ahead (an expiry date twenty years on still reads).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from dateutil import parser as dateutil_parser

from kpo.normalise.text import fold

FUTURE_YEARS = 20  # a two-digit year reads at most this many years after the reference
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?<![\d.]){_YEAR}(?P<isep>[-/.])(?P<nmonth>[01]?\d)(?P=isep)(?P<day>[0-3]?\d)(?!\d|\.\d)",
        rf"\b{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}",
        rf"\b{_DAY}\s+(?:day\s+of\s+|of\s+)?{_MONTH},?\s*{_YEAR}",
        # 17-Apr-2019, 17 Apr 2019, and 17-Apr-19 (two digits only after a hyphen)
        rf"\b{_DAY}[-\s]{_MONTH}[-\s,]+(?P<year>(?:1[89]|20)\d\d(?!\d)|(?<=-)\d\d(?![\d/-]))",
        r"(?<![\w./-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)"
        r"(?P<y>(?:1[89]|20)?\d\d)(?![\d/-]|\.\d)",
    )
)
_COMPACT = re.compile(r"\b(?P<a>[0-3]\d)(?P<b>[01]\d)(?P<y>(?:19|20)\d\d)\b")


def full_year(digits: str, reference: int | None = None) -> int:
    """The year that ``digits`` write: four digits as they are, two by the window rule.

    ``yy`` is the year ending in ``yy`` from ``reference - 79`` to ``reference + 20``
    (``reference``: the current year when None).
    """
    year = int(digits)
    if len(digits) > 2:
        return year
    ref = dt.date.today().year if reference is None else reference
    latest = ref + FUTURE_YEARS
    return latest - (latest - year) % 100


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric(match: re.Match[str]) -> str | None:
    a, b, year = int(match["a"]), int(match["b"]), full_year(match["y"])
    if match["sep"] == "." or a > 12:
        return _make(year, b, a)
    return _make(year, a, b)


def _from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("a") is not None:
        if groups.get("sep") is None:  # compact DDMMYYYY
            return _make(int(match["y"]), int(match["b"]), int(match["a"]))
        return _numeric(match)
    year = full_year(match["year"])
    if groups.get("nmonth") is not None:
        return _make(year, int(match["nmonth"]), int(match["day"]))
    return _make(year, MONTHS[match["month"].lower()], int(match["day"]))


def find_dates(text: str, *, compact: bool = False) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, iso)`` for each calendar date in ``text``, in order.

    ``compact`` also accepts eight digits ``DDMMYYYY`` (as on filled forms).
    """
    found: dict[int, tuple[int, int, str]] = {}
    patterns = (*_PATTERNS, _COMPACT) if compact else _PATTERNS
    for pattern in patterns:
        for match in pattern.finditer(text):
            iso = _from_match(match)
            if iso and not any(s <= match.start() < e for s, e, _ in found.values()):
                found[match.start()] = (match.start(), match.end(), iso)
    yield from (found[k] for k in sorted(found))


def normalise_date(text: str, *, compact: bool = False) -> str | None:
    """The ISO form of the first calendar date in ``text``, or None."""
    return next((iso for _, _, iso in find_dates(text, compact=compact)), None)


class _WindowYears(dateutil_parser.parserinfo):  # type: ignore[misc]
    """dateutil's reading of a two-digit year replaced by :func:`full_year`'s."""

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        if year < 100 and not century_specified:
            return full_year(f"{year:02d}")
        return year


_DATEUTIL_INFO = _WindowYears()
# two defaults that differ in every part: a part that the text leaves out shows as a
# difference between the two readings
_DEFAULTS = (dt.datetime(1804, 1, 1), dt.datetime(1908, 2, 2))
_DATEUTIL_CHARS = re.compile(r"[\w\s,./:-]+")
_ISO_TIME = re.compile(r"(\d{4}-\d\d-\d\d)[t ]\d\d:\d\d\S*")


def parse_date(text: object) -> dt.date | None:
    """The calendar date that the whole of ``text`` writes, or None.

    The forms of :func:`find_dates` first, then python-dateutil (month first), which
    must find a year, a month and a day and nothing else than a date (and a time).
    """
    s = _ISO_TIME.sub(r"\1", fold(text))
    if not s:
        return None
    found = list(find_dates(s, compact=s.isdigit()))
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(s):
        return dt.date.fromisoformat(found[0][2])
    return _dateutil_date(s)


def _dateutil_date(s: str) -> dt.date | None:
    if not _DATEUTIL_CHARS.fullmatch(s) or not any(c.isdigit() for c in s):
        return None
    try:
        first, second = (dateutil_parser.parse(s, _DATEUTIL_INFO, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    return first.date() if first.date() == second.date() else None
