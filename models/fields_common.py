"""Shared pieces of the field extractors: candidate hits, confidence, text helpers.

Confidence is a heuristic until a later calibration: each extractor states a base
confidence for the strength of its evidence (see the ``CONF_*`` constants) and
agreement between two independent cues (a pattern and a spaCy entity, say) adds
``AGREEMENT_BONUS``. A value is never guessed: an extractor that finds no
evidence returns nothing, and the field is reported as missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kpo.records import FieldValue, Page

from .fields_layout import PageIndex

CONF_STRONG = 0.9  # a specific pattern, e.g. "governed by the laws of X", "doi:10..."
CONF_GOOD = 0.75  # a pattern with some ambiguity, e.g. a label-value pair on a form
CONF_FAIR = 0.55  # layout or entity evidence alone, e.g. the largest font on page 1
CONF_WEAK = 0.35  # a fallback, e.g. the first date of the preamble without a cue
AGREEMENT_BONUS = 0.08

_SPACE = re.compile(r"\s+")
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_FINAL_FIRST = re.compile(r"(?:^|\s)[\u05DA\u05DD\u05DF\u05E3\u05E5][\u0590-\u05FF]")
_FINAL_LAST = re.compile(r"[\u0590-\u05FF][\u05DA\u05DD\u05DF\u05E3\u05E5](?:\s|$)")


def fold(text: str) -> str:
    """Fold runs of white space (and soft hyphens) into single spaces."""
    return _SPACE.sub(" ", text.replace("\u00ad", "").replace("\ufffe", "")).strip()


def clamp(confidence: float) -> float:
    return round(min(1.0, max(0.0, confidence)), 3)


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate value before it is placed on the page.

    ``start`` is the offset of ``raw`` in ``Page.text`` (None if unknown); the
    box is found by matching ``locate_as`` (default ``raw``) against the words.
    """

    name: str
    value: str
    raw: str
    confidence: float
    page_number: int
    extractor: str
    start: int | None = None
    index: int = 0
    locate_as: str | None = None


def to_field_values(hits: list[Hit], pages: tuple[Page, ...]) -> tuple[FieldValue, ...]:
    """Turn hits into FieldValues with the union box of the words that hold them."""
    indexes: dict[int, PageIndex] = {}
    by_number = {p.page_number: p for p in pages}
    values = []
    for hit in hits:
        page = by_number.get(hit.page_number)
        box = None
        if page is not None:
            index = indexes.setdefault(hit.page_number, PageIndex(page))
            box = index.locate(hit.locate_as or hit.raw, near=hit.start)
        values.append(
            FieldValue(
                name=hit.name,
                value=hit.value,
                raw=hit.raw,
                confidence=clamp(hit.confidence),
                page_number=hit.page_number,
                box=box,
                extractor=hit.extractor,
                index=hit.index,
            )
        )
    return tuple(values)


def numbered(hits: list[Hit]) -> list[Hit]:
    """Give the hits of a list field increasing indexes 0..n-1."""
    return [replace(hit, index=i) for i, hit in enumerate(hits)]


def is_reversed_rtl(text: str) -> bool:
    """True when Hebrew in ``text`` reads in visual (reversed) order.

    Hebrew final letters (U+05DA, U+05DD, U+05DF, U+05E3, U+05E5) end words; a
    text whose words start with them more often than they end with them was
    extracted back to front.
    """
    if not _HEBREW.search(text):
        return False
    return len(_FINAL_FIRST.findall(text)) > len(_FINAL_LAST.findall(text))


def fix_rtl_line(line: str) -> str:
    """Reverse a line whose Hebrew came out in visual order; others unchanged."""
    return line[::-1] if is_reversed_rtl(line) else line
