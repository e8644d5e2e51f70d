"""Parse dates, amounts, years and identifiers for evaluation.

Every parser returns ``None`` when the text is not of its kind; the caller then
falls back to comparing folded text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kpo.normalise_text import fold
from kpo.number_words import NUMBER_WORD_PATTERN, number_value

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
         "july jul", "august aug", "september sep sept", "october oct",
         "november nov", "december dec")
    )
    for name in names.split()
}  # fmt: skip
_ORD = r"(?:st|nd|rd|th)?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ]\d{1,2}:\d{2}.*)?")
_US = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")
_EU = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_MDY = re.compile(rf"([a-z]+)\.? (\d{{1,2}}){_ORD},? (\d{{4}})")
_DMY = re.compile(rf"(\d{{1,2}}){_ORD}(?: day)?(?: of)?[ -]([a-z]+)\.?,?[ -](\d{{4}}|\d{{2}})")


def parse_date(text: object) -> dt.date | None:
    """A calendar date from ISO, US (``MM/DD/YYYY``), European (``DD.MM.YYYY``) or
    written forms ("January 5, 2020", "5 Jan 2020", "5th of January, 2020").

    Slashes and dashes read month first unless the first number exceeds 12; a
    two-digit year below 69 is 20xx, otherwise 19xx (as ``strptime``'s ``%y``).
    """
    s = fold(text)
    if m := _ISO.fullmatch(s):
        return _date(m[1], m[2], m[3])
    if m := _US.fullmatch(s):
        month, day = (m[1], m[2]) if int(m[1]) <= 12 else (m[2], m[1])
        return _date(m[3], month, day)
    if m := _EU.fullmatch(s):
        return _date(m[3], m[2], m[1])
    if m := _MDY.fullmatch(s):
        return _named(m[3], m[1], m[2])
    if m := _DMY.fullmatch(s):
        return _named(m[3], m[2], m[1])
    return None


def _named(year: str, month_name: str, day: str) -> dt.date | None:
    month = _MONTHS.get(month_name)
    return _date(year, str(month), day) if month else None


def _date(year: str, month: str, day: str) -> dt.date | None:
    y = int(year)
    if len(year) == 2:
        y += 2000 if y < 69 else 1900
    try:
        return dt.date(y, int(month), int(day))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount: its value and ISO 4217 currency when the text names one."""

    value: Decimal
    currency: str | None


_SYMBOLS = {
    "us$": "USD", "usd$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD",
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₪": "ILS", "rs": "INR",
    "ksh": "KES", "kshs": "KES", "euro": "EUR", "euros": "EUR", "eur": "EUR", "usd": "USD",
}  # fmt: skip
_CODES = frozenset(
    {"USD", "EUR", "GBP", "JPY", "INR", "ILS", "KES", "CHF", "CAD", "AUD", "NZD", "CNY", "HKD",
     "SGD", "SEK", "NOK", "DKK", "ZAR", "BRL", "MXN"}
)  # fmt: skip
_CURRENCY = re.compile(
    r"(?<![a-z])(us\$|usd\$|ca?\$|au?\$|\$|€|£|¥|₹|₪|(?:rs|kshs?|euros?)(?![a-z]))"
)
_CODE = re.compile(r"\b([A-Za-z]{3})\b")
_NUMBER = re.compile(r"\d(?:[\d,.']*\d)?")
_SCALE = re.compile(r"\s*(thousand|million|billion|k|m|bn)\b")
_SCALES = {"thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}


def parse_amount(text: object) -> Amount | None:
    """The first number in the text with its currency ("$1,250,000", "EUR 34.73",
    "22.800,00 €", "$1.25 million"); None when there is no number.

    With both ``,`` and ``.`` the last one is the decimal mark; a lone ``,`` is a
    thousands separator only before groups of exactly three digits.
    """
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Amount(Decimal(str(text)), None)
    s = fold(text)
    m = _NUMBER.search(s)
    if m is None:
        return None
    value = _number(m[0])
    if value is None:
        return None
    if scale := _SCALE.match(s, m.end()):
        value *= _SCALES[scale[1]]
    return Amount(value, _currency(str(text)))


def _number(token: str) -> Decimal | None:
    t = token.replace("'", "")
    if "," in t and "." in t:
        decimal_mark = "," if t.rfind(",") > t.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        t = t.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in t:
        t = t.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", t) else t.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", t):
        t = t.replace(".", "")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _currency(text: str) -> str | None:
    codes = [str(c) for c in _CODE.findall(text) if str(c) in _CODES]
    if codes:
        return codes[0]
    m = _CURRENCY.search(text.casefold())
    if m is None:
        return None
    symbol: str = m[1]
    return _SYMBOLS.get(symbol)


def amounts_equal(gold: object, predicted: object) -> bool | None:
    """Same value, and same currency when both name one; None when either has no number."""
    g, p = parse_amount(gold), parse_amount(predicted)
    if g is None or p is None:
        return None
    same_currency = g.currency is None or p.currency is None or g.currency == p.currency
    return g.value == p.value and same_currency


_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")


def parse_year(text: object) -> int | None:
    """An int year: the number itself ("2008", 2008, "2008.0") or a 4-digit year in text."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    s = fold(text)
    if re.fullmatch(r"\d{4}(?:\.0+)?", s):
        return int(float(s))
    m = _YEAR.search(s)
    return int(m[1]) if m else None


_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)")
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)")


def norm_doi(text: object) -> str:
    """Case-folded DOI without a ``doi:`` or ``https://doi.org/`` prefix."""
    return _DOI_PREFIX.sub("", fold(text)).strip()


def norm_arxiv(text: object) -> str:
    """Case-folded arXiv id without ``arXiv:``/URL prefix, ``.pdf`` or version (``v2``)."""
    s = _ARXIV_PREFIX.sub("", fold(text)).strip()
    s = s.removesuffix(".pdf")
    return re.sub(r"v\d+$", "", s)


def norm_identifier(text: object) -> str:
    """Case-folded identifier without white space ("CLM 123-45" -> "clm123-45")."""
    return "".join(fold(text).split())


_DURATION = re.compile(
    r"\b(\d{1,3}|" + NUMBER_WORD_PATTERN + r")(?:\s*\((\d{1,3})\))?[\s-]*"
    r"(year|month|week|day)s?\b"
)


def first_clause(text: object) -> str:
    """``text`` up to its first semicolon, folded.

    A term summary states the initial term there and renewals after it
    ("3 years; renews for 1-year terms").
    """
    return fold(text).split(";")[0]


def parse_duration(text: object) -> tuple[int, str] | None:
    """The first duration in ``text`` as (count, unit): "five (5) years" -> (5, "year").

    Only the first clause counts (see ``first_clause``).
    """
    m = _DURATION.search(first_clause(text))
    if m is None:
        return None
    count = number_value(m[2] or m[1])
    return (count, m[3]) if count is not None else None
