"""Fields of contracts: parties, agreement and effective dates, governing law, term, value.

Cheap regular expressions find the places worth reading; spaCy reads only those:
the preamble (from the first "agreement ... between" on the first three pages,
about 300 words) and the sentences around "governed by ... laws of". Parties are
ORG/PERSON entities of the preamble's party clause; dates come from cue phrases
("dated as of", "entered into on", "(the "Effective Date")").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kpo.normalise.values import CURRENCY_PATTERN
from kpo.records import ExtractedDocument, Page

from .fields_common import (
    AGREEMENT_BONUS,
    CONF_FAIR,
    CONF_GOOD,
    CONF_STRONG,
    CONF_WEAK,
    Hit,
    fold,
    numbered,
)
from .fields_dates import find_dates
from .fields_pages import RunOn, run_on
from .fields_term import extract_term

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

_AGREEMENT = re.compile(r"\b(agreement|contract|lease|license|licence)\b", re.I)
_BETWEEN = re.compile(r"\b(by and between|by and among|between|among)\b", re.I)
_CLAUSE_END = re.compile(
    r"\b(WHEREAS|RECITALS|WITNESSETH|BACKGROUND|NOW,? THEREFORE|IN CONSIDERATION)\b|"
    r"\b(?:each|both)\s+(?:a|referred)|\bcollectively\b|\bindividually\b",
)
_HEADING_END = re.compile(r"\b(WHEREAS|RECITALS|WITNESSETH|BACKGROUND|NOW,? THEREFORE)\b")
_DATE_CUE = re.compile(
    r"\b(dated|made|entered\s+into|executed|effective)\b[^.;]{0,40}?\b(as\s+of|on|this)?\s*$", re.I
)
_EFFECTIVE_DEF = re.compile(r"\(\s*(?:the\s+)?[\"\u201c\u201d']?Effective\s+Date", re.I)
_GOVERNING = re.compile(
    r"(?:governed|construed|interpreted|enforced)\b[^.]{0,160}?\blaws?\b(?:\s*,[^,.]{0,60},)?"
    r"\s+of\s+(?:the\s+)?(?:(?:state|commonwealth|province|republic|kingdom)\s+of\s+)?"
    r"(?P<place>(?-i:[A-Z]\w*(?:\s+(?:and\s+)?[A-Z]\w*){0,3}))",
    re.I,
)
_AMOUNT = rf"(?P<amount>{CURRENCY_PATTERN}\s?\d[\d,]*(?:\.\d\d)?(?:\s+(?:million|billion))?)"
_VALUE_CUE = (
    r"(?:license|licence|contract|purchase|total|aggregate)\s+(?:fee|price|value|amount|"
    r"consideration)|minimum\s+guarantee|(?:a|the)\s+(?:total\s+)?(?:fee|sum|price)\s+of"
)
_VALUE = re.compile(
    rf"\b(?:{_VALUE_CUE})\b[^.$\u20ac\u00a3]{{0,60}}?{_AMOUNT}",
    re.I,
)
_SENTENCE_END = re.compile(r"(?P<word>[\w.]+)\.[\"\u201d\u2019)]*\s+(?=[A-Z\u201c\"(])")
_ABBREVIATIONS = frozenset(
    ("inc", "co", "ltd", "corp", "no", "st", "mr", "ms", "dr", "l.p", "n.a", "s.a", "u.s", "e.g",
     "i.e")
)  # fmt: skip
_SLOT = re.compile(r"(?:\b(?:between|among|and)\b|\)\s*[,;]|;)\s*", re.I)
_TOKEN = r"(?:(?!(?i:this|whereas)\b)[A-Z0-9][\w.&'\u2019\-]*|/|&)"
_NAME_RUN = re.compile(
    rf"(?:[Tt]he\s+)?{_TOKEN}(?:(?:\s+|\s*,\s*(?=(?i:Inc|LLC|L\.?P|Ltd|Corp|N\.A)\b))"
    rf"(?:{_TOKEN}|of|de|du|the|and|for))*"
)
_LEGAL_WORD = re.compile(r"\b(Inc|LLC|LP|Ltd|Corp|Corporation|Company|GmbH|AG|SA|plc)\b", re.I)
_ROLE_WORDS = frozenset(
    ("agreement", "licensee", "licensor", "client", "agent", "company", "party", "parties",
     "buyer", "seller", "customer", "supplier", "vendor", "contractor", "consultant", "employer",
     "employee", "tenant", "landlord", "lessor", "lessee")
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Window:
    """A piece of one page's text that spaCy reads."""

    page: Page
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.page.text[self.start : self.end]


def preamble(doc: ExtractedDocument, size: int = 2000) -> Window | None:
    """The text from the first "agreement" that a "between" follows, on pages 1-3."""
    for page in doc.pages[:3]:
        for match in _AGREEMENT.finditer(page.text):
            between = _BETWEEN.search(page.text, match.end(), match.end() + 600)
            if between:
                start = max(0, page.text.rfind("\n", 0, match.start()) + 1)
                return Window(page, start, min(len(page.text), start + size))
    return None


def _clause(window: Window) -> tuple[int, int] | None:
    """Start and end (offsets in the window) of the party clause."""
    between = _BETWEEN.search(window.text)
    if between is None:
        return None
    end = _CLAUSE_END.search(window.text, between.start())
    stop = end.start() if end else min(len(window.text), between.end() + 800)
    for sentence in _SENTENCE_END.finditer(window.text, between.end(), stop):
        if sentence["word"].lower() not in _ABBREVIATIONS:
            return between.start(), sentence.start()
    return between.start(), stop


def _parties(window: Window, ents: list[Span]) -> list[Hit]:
    """Names that start at a party slot of the clause: after "between", "and", "),"."""
    clause = _clause(window)
    if clause is None:
        return []
    text, hits, position = window.text, [], clause[0]
    while (slot := _SLOT.search(text, position, clause[1])) is not None:
        run = _NAME_RUN.match(text, slot.end())
        position = slot.end()
        if run is None or _inside_caps(text, slot) or not _plausible_party(run.group()):
            continue
        raw = run.group().rstrip(" ,\u2019'")
        agree = any(e.label_ in ("ORG", "PERSON") and _overlaps(e, run) for e in ents)
        confidence = CONF_GOOD + AGREEMENT_BONUS if agree else CONF_FAIR
        hits.append(
            Hit(
                "parties",
                fold(raw),
                raw,
                confidence,
                window.page.page_number,
                "pattern.preamble_slot+spacy.ner",
                start=window.start + run.start(),
            )
        )
        position = run.end()
    return numbered(_dedupe(hits))


def _inside_caps(text: str, slot: re.Match[str]) -> bool:
    """An "AND" between two upper-case words is part of a name, not a slot."""
    before = text[max(0, slot.start() - 30) : slot.start()].split()
    return slot.group().strip() == "AND" and bool(before) and before[-1].isupper()


def _overlaps(ent: Span, run: re.Match[str]) -> bool:
    return ent.start_char < run.end() and run.start() < ent.end_char


def _plausible_party(name: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", name)
    return (
        bool(words)
        and (len(words) >= 2 or bool(_LEGAL_WORD.search(name)))
        and not (len(words) == 1 and words[0].lower() in _ROLE_WORDS)
    )


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop repeated names."""
    kept: list[Hit] = []
    for hit in hits:
        key = re.sub(r"\W", "", hit.value.lower())
        if len(key) > 2 and all(key != re.sub(r"\W", "", k.value.lower()) for k in kept):
            kept.append(hit)
    return kept


def _agreement_date(window: Window) -> Hit | None:
    heading = _HEADING_END.search(window.text)
    text = window.text[: heading.start() if heading else 900]
    dates = list(find_dates(text))
    for start, end, iso in dates:
        if _DATE_CUE.search(text[max(0, start - 60) : start]):
            return Hit(
                "agreement_date",
                iso,
                text[start:end],
                CONF_STRONG,
                window.page.page_number,
                "pattern.dated_as_of",
                start=window.start + start,
            )
    if dates and dates[0][0] < 600:
        start, end, iso = dates[0]
        return Hit(
            "agreement_date",
            iso,
            text[start:end],
            CONF_WEAK,
            window.page.page_number,
            "regex.first_date",
            start=window.start + start,
        )
    return None


def _effective_date(doc: ExtractedDocument) -> Hit | None:
    """A date just before a '(the "Effective Date")' definition, anywhere in the text."""
    for page in doc.pages:
        for match in _EFFECTIVE_DEF.finditer(page.text):
            before = page.text[max(0, match.start() - 90) : match.start()]
            dates = list(find_dates(before))
            if dates:
                start, end, iso = dates[-1]
                offset = max(0, match.start() - 90)
                return Hit(
                    "effective_date",
                    iso,
                    before[start:end],
                    CONF_STRONG,
                    page.page_number,
                    "pattern.effective_date",
                    start=offset + start,
                )
    return None


def _defines_effective_date(doc: ExtractedDocument) -> bool:
    return any(_EFFECTIVE_DEF.search(p.text) for p in doc.pages)


def _governing_law(parts: Sequence[RunOn], nlp: Language) -> Hit | None:
    """The place of the first "governed by the laws of", read on across a page break."""
    for part in parts:
        match = _GOVERNING.search(part.text)
        if match is None or match.start() >= part.cut:
            continue
        place = fold(match["place"])
        start = match.start("place")
        ents = nlp(part.text[start : start + len(place) + 40]).ents
        agree = any(e.label_ in ("GPE", "LOC") and e.start_char == 0 for e in ents)
        confidence = CONF_STRONG + (AGREEMENT_BONUS if agree else 0.0)
        extractor = "pattern.governed_by+spacy.ner"
        hit = Hit("governing_law", place, place, confidence, part.page.page_number, extractor,
                  start=start)  # fmt: skip
        return part.place(hit)
    return None


def _first(
    pattern: re.Pattern[str], group: str, name: str, parts: Sequence[RunOn], confidence: float
) -> Hit | None:
    """The first match of ``pattern``, read on across a page break."""
    for part in parts:
        match = pattern.search(part.text)
        if match is None or match.start() >= part.cut:
            continue
        raw = fold(match[group])
        value = re.sub(r"^(?:of|for|a|the)\s+", "", raw, flags=re.I)
        hit = Hit(name, value, raw, confidence, part.page.page_number, f"regex.{name}",
                  start=match.start(group))  # fmt: skip
        return part.place(hit)
    return None


def extract_contract(doc: ExtractedDocument, nlp: Language) -> list[Hit]:
    """All contract hits of ``doc``."""
    hits: list[Hit | None] = []
    window = preamble(doc)
    if window is not None:
        clause = _clause(window)  # spaCy reads the party clause only
        ents = list(nlp(window.text[: clause[1]]).ents) if clause else []
        hits.extend(_parties(window, ents))
        hits.append(_agreement_date(window))
    effective = _effective_date(doc)
    agreement = next((h for h in hits if h and h.name == "agreement_date"), None)
    if effective is None and agreement is not None and not _defines_effective_date(doc):
        effective = replace(
            agreement, name="effective_date", confidence=CONF_FAIR, extractor="rule.no_definition"
        )
    parts = tuple(run_on(doc))  # page texts that run on into the next page
    hits.extend([effective, _governing_law(parts, nlp)])
    hits.append(extract_term(parts))
    hits.append(_first(_VALUE, "amount", "contract_value", parts, CONF_FAIR))
    return [h for h in hits if h is not None]
