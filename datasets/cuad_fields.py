"""kpo's canonical contract fields from a CUAD row, by the rules of corpus-train's README.

``contract_fields(contract)`` gives ``contract_type``, ``parties``, ``agreement_date``,
``effective_date``, ``governing_law`` and ``term`` with a note per correction or
omission. Without the contract's text it checks CUAD's answers against CUAD's own
spans: a value whose category has no span is left out, a date that the span prints
differently (one of year, month, day) is taken from the span. Given the text
(``text=``, e.g. from ``pdftotext`` or kpo's extractor) it also leaves out dates,
party names and titles that are not printed in the contract.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kpo.datasets.cuad import CuadContract
from kpo.datasets.cuad_dates import (
    MONTH_NAMES,
    answer_date,
    dates_in,
    near_miss,
    partial_date,
)
from kpo.datasets.cuad_parties import convert_parties, letters

_UNIT = r"(year|month|week|day)s?"
_NUM = r"(\d+(?:\.\d+)?)"
_STRAIGHT = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")
_SUCCESSIVE = re.compile(r"suc+[a-z]*s[a-z]*e")  # CUAD's typos: succesive, sucessive, ...


@dataclass(frozen=True, slots=True)
class Conversion:
    """A contract's canonical fields and the notes of the conversion."""

    fields: Mapping[str, Any]
    notes: tuple[str, ...] = ()


def contract_fields(contract: CuadContract, text: str | None = None) -> Conversion:
    """The canonical fields of one CUAD contract (and the contract's text, if given)."""
    fields: dict[str, Any] = {}
    notes: list[str] = []
    if title := contract_type(contract, text):
        fields["contract_type"] = title
    parties = convert_parties(contract.answer("Parties"), contract.span("Parties"), text)
    if parties.names:
        fields["parties"] = list(parties.names)
    notes += parties.notes
    for key, category in (
        ("agreement_date", "Agreement Date"),
        ("effective_date", "Effective Date"),
    ):
        date, note = contract_date(contract, category, text)
        if date:
            fields[key] = date.isoformat()
        if note:
            notes.append(f"{key} {note}")
    law, note = governing_law(contract)
    if law:
        fields["governing_law"] = law
    notes += [note] if note else []
    if term := term_summary(contract):
        fields["term"] = term
    return Conversion(fields, tuple(notes))


def contract_type(contract: CuadContract, text: str | None = None) -> str | None:
    """CUAD's ``Document Name`` answer, kept when its spans (or the text) print it."""
    title = re.sub(r"\s+", " ", contract.answer("Document Name").translate(_STRAIGHT))
    where = letters(text if text is not None else " ".join(contract.span("Document Name")))
    return title if letters(title) and letters(title) in where else None


def contract_date(
    contract: CuadContract, category: str, text: str | None = None
) -> tuple[dt.date | None, str | None]:
    """A full date answer of an agreement or effective date, and a note when changed."""
    answer = contract.answer(category)
    if not answer:
        return None, None
    date = answer_date(answer, contract.filed)
    if date is None:
        return None, f"left out: CUAD answer {answer!r} is not a full date"
    if not contract.span(category):
        return None, "left out: CUAD answer has no supporting text"
    spans = " ".join(contract.span(category))
    printed = dates_in(spans)
    misses = {d for d in dates_in(spans, numeric=False) if near_miss(d, date)}
    if date not in printed and len(misses) == 1:
        fixed = misses.pop()
        return fixed, f"{fixed} from the annotated text (CUAD answer read {date})"
    if text is not None and date not in dates_in(text):
        return None, f"left out: CUAD answer {date} is not printed in the document"
    return date, None


def governing_law(contract: CuadContract) -> tuple[str | None, str | None]:
    """CUAD's answer as written; none when redacted, absent or without a clause."""
    answer = re.sub(r"\s+", " ", contract.answer("Governing Law")).strip()
    if not re.search(r"[^\W\d_]", answer):
        return None, None
    if not contract.span("Governing Law"):
        return None, "governing_law left out: CUAD answer has no supporting clause"
    return answer, None


def term_summary(contract: CuadContract) -> str | None:
    """``Expires 2002-10-01; renews for successive 1-year terms`` and the like."""
    parts: list[str] = []
    if contract.span("Expiration Date"):
        parts += filter(
            None, (expiry(p, contract.filed) for p in contract.answer("Expiration Date").split(";"))
        )
    if contract.span("Renewal Term") and (answer := contract.answer("Renewal Term")):
        parts.append(renewal_term(answer))
    summary = "; ".join(parts)
    return summary[:1].upper() + summary[1:] if summary else None


def expiry(answer: str, filed: dt.date | None) -> str | None:
    """One part of an ``Expiration Date`` answer, as a clause of the summary."""
    answer = answer.strip()
    if answer.lower() == "perpetual":
        return "perpetual (no fixed expiry)"
    if date := answer_date(answer, filed, expiry=True):
        return f"expires {date.isoformat()}"
    partial = partial_date(answer)
    if partial is None or partial[0] is None:
        return None
    year, month = partial
    return f"expires in {MONTH_NAMES[month - 1]} {year}" if month else f"expires in {year}"


def renewal_term(answer: str) -> str:
    """A ``Renewal Term`` answer (``successive 1 year``, ``2 successive 5 years``) in words."""
    a = _SUCCESSIVE.sub("successive", re.sub(r"\s+", " ", answer.strip().lower()))
    a = re.sub(r"\b[a-z]+ \((\d+)\)", r"\1", a)  # three (3) years -> 3 years
    if a == "perpetual":
        return "renews perpetually"
    if re.fullmatch(r"successive (\[\s*\] ?)?(" + _UNIT + ")?", a):
        return "renews for successive terms (length redacted)"
    if m := re.fullmatch(rf"(?:(\d+) )?successive {_NUM} {_UNIT}", a):
        count = f"up to {m[1]} " if m[1] else ""
        return f"renews for {count}successive {m[2]}-{m[3]} terms"
    if m := re.fullmatch(rf"(\d+) {_NUM} {_UNIT}", a):
        return f"renews for up to {m[1]} successive {m[2]}-{m[3]} terms"
    if m := re.fullmatch(rf"{_NUM} {_UNIT}", a):
        return f"renews for a {m[1]}-{m[2]} term"
    return f"renewal term: {answer.strip()}"
