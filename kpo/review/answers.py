"""What a reviewer types, checked and normalised before it is stored.

A correction is read by the kind of its field, with the parsers the pipeline reads
values with (kpo.normalise): a date becomes ISO ``yyyy-mm-dd``, an amount its
normalised number (and currency), a year four digits; any other field keeps the text
typed, stripped. A document-type item (no field) is never corrected: its only
correction is ``reclassify`` to one of the known types. ``check_decision`` says what
a decision lacks before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace

from kpo.errors import ConfigError, Errors
from kpo.normalise.match import field_kind
from kpo.normalise.values import parse_amount, parse_date, parse_year
from kpo.records import DOC_TYPES, Box
from kpo.review.model import Decision, QueueItem


def _date(text: str) -> str | None:
    day = parse_date(text)
    return day.isoformat() if day else None


def _amount(text: str) -> str | None:
    """The amount with grouped thousands and its currency code first ("USD 1,250.00")."""
    found = parse_amount(text)
    if found is None:
        return None
    number = f"{found.value:,f}"
    normal = f"{found.currency} {number}" if found.currency else number
    return normal if parse_amount(normal) == found else None  # read back as it was meant


def _year(text: str) -> str | None:
    year = parse_year(text)
    return str(year) if year is not None and str(year) == text.strip() else None


# kind -> (parser, what the kind is called, what to type)
_TYPED: Mapping[str, tuple[Callable[[str], str | None], str, str]] = {
    "date": (_date, "date", "type a date such as 2024-03-31 or 31 March 2024"),
    "amount": (_amount, "amount", "type an amount such as 1,250.00 or USD 1,250.00"),
    "year": (_year, "year", "type a year of four digits such as 2021"),
}
_TEXT_HINT = "type the value as the document writes it"


def doc_type_refused(item: QueueItem) -> ConfigError:
    """E511: a document-type item takes no value, only a type from DOC_TYPES."""
    return ConfigError(Errors.E511.format(item_id=item.item_id, types=", ".join(DOC_TYPES)))


def parse_answer(item: QueueItem, text: str) -> str:
    """The value a correction of ``item`` stores, normalised by its field's kind.

    Raises ConfigError: E511 on a document-type item, E512 (saying what to type) when
    the text is empty or is not of the field's kind.
    """
    if item.field is None:
        raise doc_type_refused(item)
    kind = field_kind(item.field)
    parse, called, hint = _TYPED.get(kind, (None, "value", _TEXT_HINT))
    stripped = (text or "").strip()
    value = (parse(stripped) if parse else stripped) if stripped else None
    if not value:
        raise ConfigError(Errors.E512.format(value=text, kind=called, field=item.field,
                                             hint=hint))  # fmt: skip
    return value


def _missing(item: QueueItem, d: Decision) -> str | None:
    """What the decision lacks, in words for any face (page or terminal), or None."""
    if d.action == "accept" and item.value is None:
        return "the item has no proposed value to accept; correct it, mark it absent or reject it"
    if d.action == "correct" and not (d.value or "").strip():
        return "a correction needs a new value"
    if d.action == "correct" and d.box is not None and (d.page_number or item.page_number) is None:
        return "a new box needs a page number"
    if d.action == "reject" and not (d.reason or "").strip():
        return "a rejection needs a reason"
    if d.action == "reclassify" and d.doc_type not in DOC_TYPES:
        return f"the document type {d.doc_type!r} is not one of {list(DOC_TYPES)}"
    return None


def check_decision(item: QueueItem, d: Decision) -> Decision:
    """The decision as it is stored: complete, its value normalised; ConfigError if not.

    E511 for a correction or ``absent`` on a document-type item, E505 when something
    is missing, E512 when a corrected value is not of its field's kind. ``absent``
    keeps no value or box; a new box without a page number is on the item's page.
    """
    if item.field is None and d.action in ("correct", "absent"):
        raise doc_type_refused(item)
    why = _missing(item, d)
    if why:
        raise ConfigError(Errors.E505.format(action=d.action, item_id=item.item_id, why=why))
    if d.action == "absent":
        return Decision("absent", reason=(d.reason or "").strip() or None)
    if d.action != "correct":
        return d
    d = replace(d, value=parse_answer(item, d.value or ""))
    if d.box is not None and d.page_number is None:
        return replace(d, page_number=item.page_number)
    return d


def parse_box(text: str | None) -> Box | None:
    """``x0,top,x1,bottom`` in PDF points (blank: no box); ConfigError (E509) if malformed."""
    if text is None or not text.strip():
        return None
    try:
        x0, top, x1, bottom = (float(v) for v in text.split(","))
    except ValueError:
        raise ConfigError(Errors.E509.format(value=text)) from None
    if not all(math.isfinite(v) for v in (x0, top, x1, bottom)) or not (x0 < x1 and top < bottom):
        raise ConfigError(Errors.E509.format(value=text))
    return Box(x0, top, x1, bottom)
