"""Parse dates, amounts, years and identifiers: for the evaluation and the deliverable.

Every parser returns ``None`` when the text is not of its kind; the evaluation then
falls back to comparing folded text. Dates are read by kpo's one date parser
(:mod:`kpo.normalise.dates`, re-exported here as ``parse_date``), amounts by
price-parser, number words by :mod:`kpo.normalise.number_words` (text2num).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from price_parser import Price

from kpo.normalise.dates import parse_date
from kpo.normalise.number_words import NUMBER_WORD_PATTERN, number_value
from kpo.normalise.text import fold

__all__ = [
    "CURRENCY_PATTERN",
    "Amount",
    "amounts_equal",
    "clean_doi",
    "first_clause",
    "norm_arxiv",
    "norm_doi",
    "norm_identifier",
    "parse_amount",
    "parse_date",
    "parse_duration",
    "parse_year",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount: its value and ISO 4217 currency when the text names one."""

    value: Decimal
    currency: str | None


_SYMBOLS = {
    "us$": "USD", "usd$": "USD", "c$": "CAD", "ca$": "CAD", "cad$": "CAD", "a$": "AUD",
    "au$": "AUD", "aud$": "AUD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "₪": "ILS", "rs": "INR", "rs.": "INR", "ksh": "KES", "kshs": "KES", "nis": "ILS",
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "rupee": "INR",
    "rupees": "INR", "pound": "GBP", "pounds": "GBP",
}  # fmt: skip
_CODES = frozenset(
    {"USD", "EUR", "GBP", "JPY", "INR", "ILS", "KES", "CHF", "CAD", "AUD", "NZD", "CNY", "HKD",
     "SGD", "SEK", "NOK", "DKK", "ZAR", "BRL", "MXN"}
)  # fmt: skip
# A currency as contracts and forms print it before an amount: a symbol, "Rs."/"KSh",
# or an ISO code. For the extractors' patterns, so that they find what parse_amount reads.
CURRENCY_PATTERN = (
    r"(?:\b(?:US|USD|CA|CAD|AU|AUD|C|A)\s?\$|\$|\u20ac|\u00a3|\u00a5|\u20b9|\u20aa"
    r"|\b(?:Rs\.?|KShs?|NIS|" + "|".join(sorted(_CODES)) + r")(?![A-Za-z]))"
)
_CURRENCY = re.compile(
    r"(?<![a-z])(us\$|usd\$|ca?d?\$|au?d?\$|\$|€|£|¥|₹|₪|(?:rs|kshs?|nis|euros?|dollars?|rupees?"
    r"|pounds?)(?![a-z]))"
)
_CODE = re.compile(r"\b([A-Za-z]{3})\b")
_NUMBER = re.compile(r"\d(?:[\d,.']*\d)?")
_SCALE = re.compile(r"\s*(thousand|million|billion|k|m|bn)\b")
_SCALES = {"thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}
_WORDS = re.compile(rf"\b{NUMBER_WORD_PATTERN}", re.IGNORECASE)
_LEADING_ZERO = re.compile(r"0[.,]\d{3}")  # 0.125: a decimal, not a thousands group


def parse_amount(text: object) -> Amount | None:
    """The first amount in the text with its ISO 4217 currency; None without a number.

    price-parser reads the number: "$1,250,000", "EUR 34.73", "22.800,00 €", Indian
    grouping ("INR 1,25,000" is 125000), "CHF 1'250.50"; with both ``,`` and ``.`` the
    last is the decimal mark, and a lone ``,`` or ``.`` before exactly three digits
    groups thousands ("1.234" is 1234; "0.125" stays a decimal). A scale word after
    the number multiplies it ("$1.25 million"); a text without digits may spell the
    amount ("One Hundred Twenty-Five Thousand Dollars", read by text2num).
    """
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Amount(Decimal(str(text)), None)
    s = fold(text)
    number = _NUMBER.search(s)
    value = _digits_value(s, number) if number else _words_value(s)
    if value is None:
        return None
    return Amount(value, _currency(str(text)))


def _digits_value(s: str, number: re.Match[str]) -> Decimal | None:
    mark = "." if _LEADING_ZERO.fullmatch(number[0]) else None
    price = Price.fromstring(s, decimal_separator=mark)
    if price.amount is None:
        return None
    value: Decimal = price.amount
    if scale := _SCALE.match(s, number.end()):
        value *= _SCALES[scale[1]]
    return value


def _words_value(s: str) -> Decimal | None:
    words = _WORDS.search(s)
    value = number_value(words[0]) if words else None
    return None if value is None else Decimal(value)


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


_DOI_TRAIL = ".,;:]}"
_PLAIN = re.compile(r"[\x20-\x7e\t\n\r]*")  # printable ASCII: nothing to remove
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cn", "Co", "Cs"))


def clean_doi(text: str) -> str:
    """A DOI as printed, without what cannot be part of one.

    DOIs are printable: control and format characters (a soft hyphen, a zero-width
    space), non-characters (pdfium's U+FFFE for a line-end hyphen) and U+FFFD are
    removed, the DOI ends at white space, and trailing punctuation goes (a closing
    parenthesis only when it closes nothing in the DOI).
    """
    words = _printable(text).split()
    doi = words[0] if words else ""
    while doi and (doi[-1] in _DOI_TRAIL or (doi[-1] == ")" and doi.count("(") < doi.count(")"))):
        doi = doi[:-1]
    return doi


def _printable(text: str) -> str:
    """``text`` without unprintable characters; white space (tab, newline) stays."""
    if _PLAIN.fullmatch(text):
        return text
    return "".join(c for c in text if c.isspace() or _is_printable(c))


def _is_printable(char: str) -> bool:
    return char != "\ufffd" and unicodedata.category(char) not in _UNPRINTABLE


def norm_doi(text: object) -> str:
    """Case-folded DOI without a ``doi:`` or ``https://doi.org/`` prefix (see clean_doi)."""
    return clean_doi(_DOI_PREFIX.sub("", fold(_printable(str(text)))))


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
