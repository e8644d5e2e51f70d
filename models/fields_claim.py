"""Fields of insurance claims: claim and policy numbers, claimant, date of loss, amount.

Claims are forms: a label ("Claim No.", "Date of Loss") and its value to the
right on the same line. Only pages 1-2 are read. Each value is checked for the
shape of its field (an id has a digit, a name is name-like and spaCy may confirm
it as PERSON, a date parses); a blank form gives nothing. Lines whose Hebrew came
out in visual order are reversed first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kpo.records import ExtractedDocument, Page

from .fields_common import AGREEMENT_BONUS, CONF_FAIR, CONF_GOOD, Hit, fix_rtl_line, fold
from .fields_dates import normalise_date
from .fields_names import is_name_like

if TYPE_CHECKING:
    from spacy.language import Language

_SEP = r"\s*(?:[:#.]\s*)*"
_LABELS: dict[str, str] = {
    "claim_number": r"claim\s*(?:no|number|num|#|id|ref(?:erence)?)\b",
    "policy_number": r"(?:policy|certificate)\s*(?:no|number|num|#)\b",
    "claimant_name": (
        r"(?:claimant|insured|patient|policy\s*holder|member|injured\s+person)(?:'s)?\s+name"
        r"|name\s+of\s+(?:the\s+)?(?:claimant|insured|patient)"
    ),
    "date_of_loss": (
        r"(?:date\s+of\s+(?:the\s+)?(?:loss|accident|incident|injury|occurrence)|"
        r"(?:loss|accident|incident)\s+date|\u05ea\u05d0\u05e8\u05d9\u05da\s+\u05d4\u05e4\u05d2"
        r"\u05d9\u05e2\u05d4)"
    ),
    "amount_claimed": (
        r"(?:amount\s+(?:claimed|of\s+claim)|claim(?:ed)?\s+amount|total\s+(?:amount\s+)?"
        r"(?:claimed|due|settlement|charges|payable))"
    ),
}
_PATTERNS = {name: re.compile(rf"\b(?:{label}){_SEP}", re.I) for name, label in _LABELS.items()}
_NEXT_LABEL = re.compile(r"\s{2,}|\s+(?=(?:[A-Z][\w/.]*\s)?[A-Z][\w/.]*\s?:)")
_ID = re.compile(r"^[A-Z0-9][A-Z0-9\-/.]{2,}$", re.I)
_AMOUNT = re.compile(r"^(?:[A-Z]{3}\s?|[$\u20ac\u00a3]\s?)?\d[\d,]*(?:\.\d{1,2})?$")


def claim_lines(doc: ExtractedDocument) -> Iterator[tuple[Page, int, str]]:
    """``(page, offset, line)`` for the lines of pages 1-2, Hebrew put in reading order."""
    for page in doc.pages[:2]:
        offset = 0
        for line in page.text.splitlines(keepends=True):
            yield page, offset, fix_rtl_line(line.rstrip("\r\n"))
            offset += len(line)


def _value_after(line: str, end: int) -> tuple[int, str]:
    rest = line[end:]
    stop = _NEXT_LABEL.search(rest)
    return end, fold(rest[: stop.start()] if stop else rest)


def _check_id(value: str) -> str | None:
    """The first token with a digit, with a short letter prefix before it ("PN 778")."""
    tokens = value.split()[:2]
    if len(tokens) == 2 and not any(c.isdigit() for c in tokens[0]) and len(tokens[0]) <= 4:
        tokens = [" ".join(tokens)]
    token = tokens[0] if tokens else ""
    ok = _ID.match(token.replace(" ", "")) and any(c.isdigit() for c in token)
    return token if ok else None


def _check_amount(value: str) -> str | None:
    token = " ".join(value.split()[:2])
    return (
        token
        if _AMOUNT.match(token)
        else (value.split()[0] if value and _AMOUNT.match(value.split()[0]) else None)
    )


def _check_date(value: str) -> str | None:
    return normalise_date(value, compact=True)


def _check_name(value: str) -> str | None:
    return value if is_name_like(value.title() if value.isupper() else value) else None


_CHECKS: dict[str, Callable[[str], str | None]] = {
    "claim_number": _check_id,
    "policy_number": _check_id,
    "claimant_name": _check_name,
    "date_of_loss": _check_date,
    "amount_claimed": _check_amount,
}


def _label_hits(doc: ExtractedDocument) -> Iterator[Hit]:
    for page, offset, line in claim_lines(doc):
        for name, pattern in _PATTERNS.items():
            for match in pattern.finditer(line):
                start, value = _value_after(line, match.end())
                checked = _CHECKS[name](value) if value else None
                if checked is None:
                    continue
                raw = value if name in ("claimant_name", "date_of_loss") else checked
                weak = "total" in match.group().lower()  # a total is not always the claim
                yield Hit(
                    name,
                    checked,
                    raw,
                    CONF_FAIR + 0.1 if weak else CONF_GOOD,
                    page.page_number,
                    f"pattern.label_value.{name}",
                    start=offset + start,
                )


def _confirm_name(hit: Hit, nlp: Language) -> Hit:
    labels = {e.label_ for e in nlp(hit.value.title() if hit.value.isupper() else hit.value).ents}
    bonus = AGREEMENT_BONUS if "PERSON" in labels else -0.1 if labels else 0.0
    return Hit(
        hit.name,
        hit.value,
        hit.raw,
        hit.confidence + bonus,
        hit.page_number,
        hit.extractor + "+spacy.ner",
        hit.start,
    )


def extract_claim(doc: ExtractedDocument, nlp: Language) -> list[Hit]:
    """All claim hits of ``doc``: the first good label-value pair of each field."""
    best: dict[str, Hit] = {}
    for hit in _label_hits(doc):
        best.setdefault(hit.name, hit)
    if "claimant_name" in best:
        best["claimant_name"] = _confirm_name(best["claimant_name"], nlp)
    return list(best.values())
