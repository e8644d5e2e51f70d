"""What a confidence model sees of one extracted value: numbers from the value and its document.

``value_features(value, fieldset, doc)`` describes a ``FieldValue`` by more than its raw
heuristic score: how the value looks (length, digits, capitals, a legal form, a leading
article), where it was found (page, place on the page), what else the extractors found
(how many values of the field, whether the agreement and effective dates agree), how
often the text recurs in the document, and how well the page was read (OCR). The
names are fixed (``FEATURE_NAMES``) so a model trained on one set of documents reads
the same columns at run time. Only what kpo computes from its own records is used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from kpo.records import ExtractedDocument, FieldValue

CATEGORICAL = ("field", "extractor")
NUMERIC = (
    "raw_confidence",
    "chars",
    "tokens",
    "digit_share",
    "upper_share",
    "legal_form",
    "leading_article",
    "role_word",
    "page",
    "page_share",
    "top_share",
    "pages_log",
    "values_of_field",
    "index_in_field",
    "occurrences_log",
    "dates_agree",
    "year_offset",
    "ocr",
    "ocr_confidence",
)
FEATURE_NAMES = CATEGORICAL + NUMERIC

_LEGAL = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|lp|l\.p|"
    r"llp|gmbh|ag|sa|s\.a|nv|bv|pty|trust|bank|association|partnership|holdings?|group)\b\.?",
    re.IGNORECASE,
)
_ROLES = re.compile(
    r"\b(company|agent|party|parties|bank|licensee|licensor|supplier|customer|distributor|"
    r"consultant|employee|executive|buyer|seller|purchaser|vendor|franchisee|franchisor|"
    r"contractor|client|lender|borrower|manager|investor|holder)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _share(text: str, test: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    if test == "digit":
        return sum(c.isdigit() for c in letters) / len(letters)
    alpha = [c for c in letters if c.isalpha()]
    return sum(c.isupper() for c in alpha) / len(alpha) if alpha else 0.0


def _years(text: str) -> list[int]:
    return [int(m.group(0)) for m in _YEAR.finditer(text)]


def _year_offset(value: FieldValue, doc_years: Sequence[int]) -> float:
    """How far the value's year is from the median year printed in the document (dates)."""
    own = _years(value.value)
    if not own or not doc_years:
        return 0.0
    median = sorted(doc_years)[len(doc_years) // 2]
    return float(min(abs(own[0] - median), 50))


def _same_dates(values: Sequence[FieldValue]) -> float:
    dates = {v.name: v.value for v in values if v.name.endswith("_date")}
    if "agreement_date" in dates and "effective_date" in dates:
        return 1.0 if dates["agreement_date"] == dates["effective_date"] else -1.0
    return 0.0


def _place(value: FieldValue, doc: ExtractedDocument) -> tuple[float, float, float, float]:
    """Page, share of the document before it, share of the page above it, OCR confidence."""
    pages = max(len(doc.pages), 1)
    page_number = value.page_number or 1
    page = doc.pages[min(page_number, pages) - 1] if doc.pages else None
    top = value.box.top / page.height if value.box and page and page.height else 0.0
    ocr = page.ocr_confidence if page is not None and page.ocr_confidence is not None else 1.0
    return float(page_number), (page_number - 1) / pages, top, ocr


def value_features(
    value: FieldValue,
    values: Sequence[FieldValue],
    doc: ExtractedDocument,
    text: str | None = None,
    doc_years: Sequence[int] | None = None,
) -> dict[str, float | str]:
    """The features of ``value`` among the ``values`` found in ``doc`` (see the module doc).

    ``text`` and ``doc_years`` (the document's text, lower-cased, and the years printed in
    it) may be passed when many values of one document are described.
    """
    text = doc.text.lower() if text is None else text
    doc_years = _years(text) if doc_years is None else doc_years
    same_field = [v for v in values if v.name == value.name]
    page, page_share, top_share, ocr_confidence = _place(value, doc)
    occurrences = text.count(value.value.lower()) if value.value else 0
    return {
        "field": value.name,
        "extractor": value.extractor,
        "raw_confidence": float(value.confidence),
        "chars": float(len(value.value)),
        "tokens": float(len(value.value.split())),
        "digit_share": _share(value.value, "digit"),
        "upper_share": _share(value.value, "upper"),
        "legal_form": float(bool(_LEGAL.search(value.value))),
        "leading_article": float(value.value.lower().startswith(("the ", "a ", "an "))),
        "role_word": float(bool(_ROLES.search(value.value))),
        "page": page,
        "page_share": page_share,
        "top_share": top_share,
        "pages_log": math.log1p(len(doc.pages)),
        "values_of_field": float(len(same_field)),
        "index_in_field": float(value.index),
        "occurrences_log": math.log1p(occurrences),
        "dates_agree": _same_dates(values),
        "year_offset": _year_offset(value, doc_years),
        "ocr": float(any(p.source == "ocr" for p in doc.pages)),
        "ocr_confidence": ocr_confidence,
    }


def document_features(
    values: Sequence[FieldValue], doc: ExtractedDocument
) -> list[dict[str, float | str]]:
    """``value_features`` of every value of one document, the text scanned once."""
    text = doc.text.lower()
    years = _years(text)
    return [value_features(v, values, doc, text, years) for v in values]
