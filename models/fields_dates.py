"""Find and normalise calendar dates written in many formats, to ISO ``YYYY-MM-DD``.

Accepted: ``2019-04-17``; ``April 17, 2019``, ``Apr. 17th 2019``, ``17 April 2019``,
``the 21st day of September, 2008``, ``17-Apr-2019``; numeric ``04/17/2019``
(month first unless the first number is over 12), ``17.04.2019`` (day first, the
European dotted form), two-digit years (``< 50`` is 20xx). A string without a day
(``April 2019``) is not a calendar date and gives ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_YEAR}-(?P<nmonth>[01]?\d)-(?P<day>[0-3]?\d)\b",
        rf"\b{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}\b",
        rf"\b{_DAY}\s+(?:day\s+of\s+)?{_MONTH},?\s*{_YEAR}\b",
        rf"\b{_DAY}[-\s]{_MONTH}[-\s,]+{_YEAR}\b",
        r"\b(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:1[89]|20)?\d\d)\b",
    )
)
_COMPACT = re.compile(r"\b(?P<a>[0-3]\d)(?P<b>[01]\d)(?P<y>(?:19|20)\d\d)\b")


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _numeric(match: re.Match[str]) -> str | None:
    a, b, year = int(match["a"]), int(match["b"]), _full_year(match["y"])
    if match["sep"] == "." or a > 12:
        return _make(year, b, a)
    return _make(year, a, b)


def _from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("a") is not None:
        if groups.get("sep") is None:  # compact DDMMYYYY
            return _make(int(match["y"]), int(match["b"]), int(match["a"]))
        return _numeric(match)
    if groups.get("nmonth") is not None:
        return _make(int(match["year"]), int(match["nmonth"]), int(match["day"]))
    return _make(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))


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
