"""Dates in CUAD: its ``m/d/yy`` answers and the dates printed in spans or text.

CUAD writes dates as ``m/d/yy`` (sometimes ``m/d/yyyy``, once ``dd/mm/yyyy``), with
``[]`` for a part the document leaves blank (``[]/[]/2006``). A two-digit year of an
agreement or effective date takes the latest century that puts the date no later than
two years after the EDGAR filing date; an expiry date takes the century nearest the
filing date (contracts run for decades). Names without a filing date use CUAD's
release (2021) instead.
"""

from __future__ import annotations

import datetime as dt
import re

CUAD_RELEASE = dt.date(2021, 3, 1)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
_ANSWER = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_PARTIAL = re.compile(r"(\d{1,2}|\[\s*\])/(\d{1,2}|\[\s*\])/(\d{4}|\[\s*\]|\d*\[\s*\]\d*)")
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_ORD = r"(?<!\d)(\d{1,2})\s*(?:st|nd|rd|th|t\s?h)?"
_IN_TEXT = (
    (re.compile(rf"{_ORD}\s+day\s+of\s+{_MONTH}\s*,?\s*(\d{{4}})\b"), "dmy"),
    (re.compile(rf"\b{_MONTH}\s+{_ORD}\s*,?\s*(\d{{4}})\b"), "mdy"),
    (re.compile(rf"{_ORD}\s+(?:of\s+)?{_MONTH}\s*,?\s*(\d{{4}})\b"), "dmy"),
    (re.compile(r"(?<![\d./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)"), "num"),
)
_RULES = re.compile(r"[\s_]*-{2,}[\s_]*|\s+")  # white space, and dashed rules across lines


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(first: str, second: str) -> tuple[int, int]:
    """Month and day of ``first/second``: month first unless the first exceeds 12."""
    a, b = int(first), int(second)
    return (b, a) if a > 12 else (a, b)


def agreement_century(yy: int, month: int, day: int, filed: dt.date | None) -> int:
    """The latest year ``..yy`` whose date is no later than two years after filing."""
    ref = filed or CUAD_RELEASE
    limit = _make(ref.year + 2, ref.month, ref.day) or dt.date(ref.year + 2, 2, 28)  # 29 Feb
    for year in (2000 + yy, 1900 + yy):
        date = _make(year, month, day)
        if date and date <= limit:
            return year
    return 1900 + yy


def expiry_century(yy: int, filed: dt.date | None) -> int:
    """The year ``..yy`` nearest the filing year."""
    ref = (filed or CUAD_RELEASE).year
    return min((1900 + yy, 2000 + yy, 2100 + yy), key=lambda y: abs(y - ref))


def answer_date(answer: str, filed: dt.date | None, *, expiry: bool = False) -> dt.date | None:
    """The calendar date of a CUAD answer, or None when it is not one full date."""
    m = _ANSWER.fullmatch(answer.strip())
    if not m:
        return None
    month, day = _month_day(m[1], m[2])
    year = int(m[3])
    if len(m[3]) == 2:
        year = expiry_century(year, filed) if expiry else agreement_century(year, month, day, filed)
    return _make(year, month, day)


def partial_date(answer: str) -> tuple[int | None, int | None] | None:
    """(year, month) of an answer with blanks such as ``10/[]/2006``; None otherwise."""
    m = _PARTIAL.fullmatch(answer.strip())
    if not m or "[" not in answer:
        return None
    year = int(m[3]) if m[3].isdigit() else None
    month = int(m[1]) if m[1].isdigit() and 1 <= int(m[1]) <= 12 else None
    return year, month


def dates_in(text: str, *, numeric: bool = True) -> set[dt.date]:
    """Every full date a text may print, in words or in numbers.

    Numbers are read generously, as a check that a date is printed should be: both
    ``m/d`` and ``d/m``, ``/``, ``-`` or ``.`` between, and both centuries of a
    two-digit year. ``numeric=False`` gives only the dates written with a month name.
    """
    folded = _RULES.sub(" ", text.lower())
    found: set[dt.date] = set()
    for pattern, order in _IN_TEXT if numeric else _IN_TEXT[:-1]:
        for m in pattern.finditer(folded):
            found.update(_from_match(m, order))
    return found


def _from_match(m: re.Match[str], order: str) -> list[dt.date]:
    if order == "num":
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        years = (y,) if len(m[4]) == 4 else (1900 + y, 2000 + y)
        dates = (_make(year, month, day) for year in years for month, day in ((a, b), (b, a)))
        return [d for d in dates if d]
    if order == "dmy":
        date = _make(int(m[3]), MONTHS[m[2]], int(m[1]))
    else:
        date = _make(int(m[3]), MONTHS[m[1]], int(m[2]))
    return [date] if date else []


def near_miss(a: dt.date, b: dt.date) -> bool:
    """Two dates that differ in exactly one of year, month and day (a typo)."""
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    return same == 2
