"""Date candidates of a contract (agreement and effective date), with features for a ranker.

Every date that ``fields_dates.find_dates`` reads on the first and last three pages, on
signature pages ("IN WITNESS WHEREOF") and on pages that define an "Effective Date" is a
mention;
mentions of one calendar date merge into one ``DateCandidate``. Its features say which
cue words stand before or after a mention ("dated as of", "entered into", "effective",
'(the "Effective Date")', a "Date:" label), where it first appears, how often, whether
it sits in the preamble, an EDGAR footer ("Source: ..., 10-K, 1/20/2009") or near a
term's end ("expire", "until"), and whether today's rules picked it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kpo.records import ExtractedDocument

from .fields_common import Hit
from .fields_contract import preamble
from .fields_dates import find_dates

DATE_FIELDS = ("agreement_date", "effective_date")
_CUES = {
    "cue_dated": r"\bdated\b",
    "cue_as_of": r"\bas\s+of\b",
    "cue_made": r"\b(?:made|entered\s+into|executed|signed)\b",
    "cue_effective": r"\beffective\b",
    "cue_commence": r"\b(?:commenc\w*|start\w*|begin\w*)\b",
    "cue_day_of": r"\bday\s+of\b",
    "cue_label": r"\bdate\s*:\s*$",
    "cue_end": r"\b(?:expir\w*|terminat\w*|until|through|end\w*|renew\w*)\b",
    "cue_amend": r"\b(?:amend\w*|restated|original\w*|prior|previous\w*)\b",
}
_BEFORE = {name: re.compile(pattern, re.I) for name, pattern in _CUES.items()}
_EFFECTIVE_AFTER = re.compile(r"^[^.;]{0,25}[\"\u201c\u201d']?\s*Effective\s+Date", re.I)
_AGREEMENT_AFTER = re.compile(
    r"^[^.;]{0,25}[\"\u201c\u201d']?\s*(?:Agreement|Execution|Signing)\s+Date", re.I
)
_EFFECTIVE_DEF = re.compile(r"\(\s*(?:the\s+)?[\"\u201c\u201d']?Effective\s+Date", re.I)
_WITNESS = re.compile(r"IN WITNESS WHEREOF|executed this agreement|duly executed", re.I)
_FOOTER = re.compile(r"Source:\s", re.I)
_HEADING_END = re.compile(r"\b(WHEREAS|RECITALS|WITNESSETH|BACKGROUND|NOW,? THEREFORE)\b")
FIRST_PAGES, LAST_PAGES, BEFORE_CHARS, MAX_MENTIONS = 3, 3, 80, 300
FEATURE_NAMES = (
    *_CUES, "effective_after", "agreement_after", "first_page", "page_fraction", "offset",
    "order", "n_dates", "count", "in_preamble", "footer", "witness_page", "rule_agreement",
    "rule_effective", "rule_effective_defined", "defines_effective", "year_gap",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    iso: str
    raw: str
    page_number: int
    start: int
    before: str
    after: str
    line: str


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A calendar date the contract writes, where it first does, and its features."""

    value: str
    raw: str
    page_number: int
    start: int
    features: dict[str, float]


def _mentions(doc: ExtractedDocument) -> list[DateMention]:
    out: list[DateMention] = []
    for k, page in enumerate(doc.pages):
        text = page.text
        last = k >= len(doc.pages) - LAST_PAGES
        if k >= FIRST_PAGES and not (last or _WITNESS.search(text) or _EFFECTIVE_DEF.search(text)):
            continue
        for start, end, iso in find_dates(text):
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line = text[line_start : line_end if line_end >= 0 else None]
            before = text[max(0, start - BEFORE_CHARS) : start]
            after = text[end : end + 60]
            out.append(DateMention(iso, text[start:end], page.page_number, start, before, after,
                                   line))  # fmt: skip
            if len(out) >= MAX_MENTIONS:
                return out
    return out


def _preamble_span(doc: ExtractedDocument) -> tuple[int, int, int] | None:
    window = preamble(doc)
    if window is None:
        return None
    heading = _HEADING_END.search(window.text)
    end = heading.start() if heading else 900
    return window.page.page_number, window.start, window.start + end


def date_candidates(doc: ExtractedDocument, hits: Sequence[Hit]) -> list[DateCandidate]:
    """The merged date candidates of ``doc``; ``hits`` are the rules' hits (features)."""
    mentions = _mentions(doc)
    groups: dict[str, list[DateMention]] = {}
    for m in mentions:
        groups.setdefault(m.iso, []).append(m)
    rules = {h.name: h for h in hits if h.name in DATE_FIELDS}
    span = _preamble_span(doc)
    defines = any(_EFFECTIVE_DEF.search(p.text) for p in doc.pages)
    witness = {p.page_number for p in doc.pages if _WITNESS.search(p.text)}
    years = [int(iso[:4]) for iso in groups if iso[:4].isdigit()]
    out = []
    for order, (iso, group) in enumerate(groups.items()):
        first = group[0]
        effective = rules.get("effective_date")
        features = {
            **{n: float(any(p.search(m.before) for m in group)) for n, p in _BEFORE.items()},
            "effective_after": float(any(_EFFECTIVE_AFTER.search(m.after) for m in group)),
            "agreement_after": float(any(_AGREEMENT_AFTER.search(m.after) for m in group)),
            "first_page": float(first.page_number),
            "page_fraction": first.page_number / max(1, len(doc.pages)),
            "offset": float(first.start),
            "order": float(order),
            "n_dates": float(len(groups)),
            "count": float(len(group)),
            "in_preamble": float(
                any(
                    span and m.page_number == span[0] and span[1] <= m.start < span[2]
                    for m in group
                )
            ),
            "footer": float(all(_FOOTER.search(m.line) for m in group)),
            "witness_page": float(any(m.page_number in witness for m in group)),
            "rule_agreement": float(
                "agreement_date" in rules and rules["agreement_date"].value == iso
            ),
            "rule_effective": float(effective is not None and effective.value == iso),
            "rule_effective_defined": float(
                effective is not None
                and effective.value == iso
                and effective.extractor == "pattern.effective_date"
            ),
            "defines_effective": float(defines),
            "year_gap": float(max(years) - int(iso[:4])) if iso[:4].isdigit() else -1.0,
        }
        out.append(DateCandidate(iso, first.raw, first.page_number, first.start, features))
    return out
