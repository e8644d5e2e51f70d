"""Party candidates of a contract, each described by features for a learned ranker.

The mentions that ``party_mentions``' rules propose merge into one ``Candidate`` per
name (same name tokens, as the scorer compares them), whose features say which rules
found it, where, what follows it (a quoted alias, a legal description), how it looks
(legal form, capitals, length) and how often the document names it. The value is the
mention of the most specific rule, as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpo.normalise.text import name_tokens
from kpo.records import ExtractedDocument

from .fields_common import fold
from .fields_contract import _ROLE_WORDS, _clause, preamble
from .party_mentions import ALIAS, DESCRIBED, LEGAL_FORM, WORDS, Mention, mentions

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["FEATURE_NAMES", "LEGAL_FORM", "SOURCES", "Candidate", "party_candidates"]
SOURCES = ("slot", "defn", "line", "ent", "sig")  # most specific first: the value's mention
FEATURE_NAMES = (
    *(f"src_{s}" for s in SOURCES),
    "n_sources", "n_mentions_rules", "first_page", "page_fraction", "offset", "slot_rank",
    "ent_org", "ent_person", "alias_follows", "described", "in_clause", "after_slot_word",
    "legal_form", "all_caps",
    "n_tokens", "n_chars", "has_digit", "role_word", "starts_the", "document_word", "has_quote",
    "doc_count", "count_rank", "n_candidates", "witness_page",
)  # fmt: skip
_LEGAL = re.compile(
    r"\b(?:inc|incorporated|llc|l\.l\.c|lp|l\.p|llp|ltd|limited|corp|corporation|company|co|"
    r"plc|gmbh|ag|s\.?a|n\.?v|b\.?v|n\.a|bank|trust|partners|holdings|group)\b\.?",
    re.I,
)
_WITNESS = re.compile(r"IN WITNESS WHEREOF|executed this agreement|duly executed", re.I)
_DOCUMENT_WORD = re.compile(
    r"\b(?:agreement|contract|plan|section|exhibit|article|date|act|rule|program|schedule)\b",
    re.I,
)
_SLOT_BEFORE = re.compile(r"\b(?:between|among|and|by|with|to)\s*:?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed party: its value as printed, where it was first seen, its features."""

    value: str
    page_number: int
    start: int
    features: dict[str, float]


def _doc_count(text: str, tokens: tuple[str, ...]) -> int:
    pattern = r"\W+".join(re.escape(t) for t in tokens)
    return len(re.findall(rf"\b{pattern}\b", text)) if pattern else 0


def clause_span(doc: ExtractedDocument) -> tuple[int, int, int] | None:
    """Page number, start and end (page offsets) of the preamble's party clause."""
    window = preamble(doc)
    clause = _clause(window) if window is not None else None
    if window is None or clause is None:
        return None
    return window.page.page_number, window.start + clause[0], window.start + clause[1]


def _in_span(m: Mention, span: tuple[int, int, int] | None) -> bool:
    return span is not None and m.page_number == span[0] and span[1] <= m.start <= span[2]


def _describe(
    group: list[Mention], doc: ExtractedDocument, text: str, span: tuple[int, int, int] | None
) -> dict[str, float]:
    first = min(group, key=lambda m: (m.page_number, m.start))
    value = _value(group)
    sources = {m.source for m in group}
    pages = {p.page_number: p.text for p in doc.pages}
    afters = [_after(pages.get(m.page_number, ""), m) for m in group]
    befores = [pages.get(m.page_number, "")[max(0, m.start - 25) : m.start] for m in group]
    ranks = [m.rank for m in group if m.rank >= 0]
    words = WORDS.findall(value)
    return {
        **{f"src_{s}": float(s in sources) for s in SOURCES},
        "n_sources": float(len(sources)),
        "n_mentions_rules": float(len(group)),
        "first_page": float(first.page_number),
        "page_fraction": first.page_number / max(1, len(doc.pages)),
        "offset": float(first.start),
        "slot_rank": float(min(ranks)) if ranks else -1.0,
        "ent_org": float(any(m.ent == "ORG" for m in group)),
        "ent_person": float(any(m.ent == "PERSON" for m in group)),
        "alias_follows": float(any(bool(ALIAS.match(a)) for a in afters)),
        "described": float(any(bool(DESCRIBED.match(a)) for a in afters)),
        "in_clause": float(any(_in_span(m, span) for m in group)),
        "after_slot_word": float(any(bool(_SLOT_BEFORE.search(b)) for b in befores)),
        "legal_form": float(bool(_LEGAL.search(value))),
        "all_caps": float(value.upper() == value),
        "n_tokens": float(len(value.split())),
        "n_chars": float(len(value)),
        "has_digit": float(any(c.isdigit() for c in value)),
        "role_word": float(any(w.lower() in _ROLE_WORDS for w in words)),
        "starts_the": float(value.lower().startswith("the ")),
        "document_word": float(bool(_DOCUMENT_WORD.search(value))),
        "has_quote": float(bool(re.search(r"[\"\u201c\u201d?]", value))),
        "doc_count": float(_doc_count(text, name_tokens(value))),
        "n_candidates": 0.0,
        "witness_page": float(bool(_WITNESS.search(pages.get(first.page_number, "")))),
    }


def _after(page_text: str, mention: Mention) -> str:
    """The text after a mention: where it is, else after its first occurrence near it."""
    at = page_text.find(mention.name.split()[0], max(0, mention.start - 5))
    end = at + len(mention.name) if at >= 0 else mention.start
    return page_text[end : end + 120]


def _value(group: list[Mention]) -> str:
    best = min(group, key=lambda m: (SOURCES.index(m.source), -len(m.name)))
    return best.name


def party_candidates(doc: ExtractedDocument, nlp: Language) -> list[Candidate]:
    """The merged party candidates of ``doc``, in order of first appearance."""
    groups: dict[tuple[str, ...], list[Mention]] = {}
    for m in mentions(doc, nlp):
        groups.setdefault(tuple(sorted(name_tokens(m.name))), []).append(m)
    text = fold(" ".join(p.text for p in doc.pages)).lower()[:300_000]
    span = clause_span(doc)
    out = []
    for group in groups.values():
        first = min(group, key=lambda m: (m.page_number, m.start))
        features = _describe(group, doc, text, span)
        out.append(Candidate(_value(group), first.page_number, first.start, features))
    counts = sorted((c.features["doc_count"] for c in out), reverse=True)
    for c in out:
        c.features["n_candidates"] = float(len(out))
        c.features["count_rank"] = float(counts.index(c.features["doc_count"]))
    return sorted(out, key=lambda c: (c.page_number, c.start))
