"""Party candidates of a contract, each described by features for a learned ranker.

Five rules propose names; none of them decides:

- ``slot``: today's rule, a name at a slot of the preamble's party clause ("between X,
  ... and Y", ``fields_contract``);
- ``ent``: a spaCy ORG or PERSON entity of the preamble (or of page 1 without one);
- ``defn``: a capitalised name that a definition follows on pages 1-3: a quoted alias
  in brackets (``X ("Acme")``, ``X (the "Company")``) or a legal description
  (``X, a Delaware corporation``);
- ``line``: a short line of pages 1-2 that holds a legal form ("Party A: X Co., Ltd.",
  a cover page's "between / X Pty Ltd / and / Y LLC"), its label cut;
- ``sig``: a name line just above a signature line (``By: ...``), a name split over
  two lines joined, and the two names of a two-column block split at a legal form.

Mentions of one name (same name tokens, as the scorer compares them) merge into one
``Candidate`` whose features say which rules found it, where, how it looks (legal
form, capitals, length) and how often the document names it. The value is the
mention of the most specific rule, as printed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpo.normalise_text import name_tokens
from kpo.records import ExtractedDocument

from .fields_common import fold
from .fields_contract import _ROLE_WORDS, _clause, _parties, preamble

if TYPE_CHECKING:
    from spacy.language import Language

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
_ALIAS = re.compile(
    r"\s*,?\s*\(\s*(?:hereinafter|herein|each|the|together|collectively|"
    r"referred|individually|as|a|an|\s)*[\"'\u201c\u201d\u2018\u2019?]"
)
_DESCRIBED = re.compile(
    r"\s*,\s*(?:a|an)\s+(?:[\w.\-]+\s+){0,5}?(?:corporation|company|partnership|bank|"
    r"association|limited|individual|trust|entity|organi[sz]ation|societe|aktiengesellschaft)",
    re.I,
)
_BY_LINE = re.compile(r"^\s*By\s*:", re.M)
_WITNESS = re.compile(r"IN WITNESS WHEREOF|executed this agreement|duly executed", re.I)
_LEAD_CAPS = re.compile(r"^(?:.*\b(?:BETWEEN|AMONG|BY|AGREEMENT|HIS)\s+)", re.S)
_DOCUMENT_WORD = re.compile(
    r"\b(?:agreement|contract|plan|section|exhibit|article|date|act|rule|program|schedule)\b",
    re.I,
)
_SIG_SKIP = re.compile(
    r"witness\b|executed|signature|title:|name:|date:|address|attest|^\s*[\[(]|page\s+\d|"
    r"source:|agreed|accepted|acknowledged|\bthe parties\b",
    re.I,
)
_TWO_COLUMN = re.compile(
    r"\b(?:INC|LLC|LTD|CORP|CO|PLC|L\.P|N\.A|COMPANY|CORPORATION|LIMITED)\b\.?,?\s+(?=[A-Z])"
)
_TOKEN = (
    r"(?:(?!(?i:this|whereas)\b)[A-Z0-9][\w.&'\u2019\-/]*|[a-z][\w\-]*\.(?:com|net|org)\b|"
    r"e-[a-z][\w\-]*|\((?:[A-Z][\w.]*\s?){1,3}\))"
)
_FORM_AFTER_COMMA = r"\s*,\s*(?=(?i:inc|llc|l\.?p|ltd|corp|n\.a|co|limited|s\.a|ag|gmbh|plc|fsb)\b)"
_NAME_RUN = re.compile(
    rf"(?:[Tt]he\s+)?{_TOKEN}(?:(?:[ \t\xa0]+|\s*\n\s*(?=[A-Z])|{_FORM_AFTER_COMMA})"
    rf"(?:{_TOKEN}|of|de|du|the|and|for|&))*"
)
_LABEL = re.compile(r"^\s*(?:[\w ]{1,25}:|between|and|by|among)\s+", re.I)
LEGAL_FORM = re.compile(
    r"\b(?:inc|incorporated|llc|l\.l\.c|l\.?p|llp|ltd|limited|corp|corporation|plc|gmbh|ag|"
    r"s\.a|n\.v|b\.v|pty|fsb)\b",
    re.I,
)
LINE_PAGES, LINE_COUNT = 2, 60
_SLOT_BEFORE = re.compile(r"\b(?:between|among|and|by|with|to)\s*:?\s*$", re.I)
_WORDS = re.compile(r"[^\W\d_]{2,}")
DEFINITION_PAGES = 3
PREAMBLE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a rule proposed a name."""

    name: str
    source: str
    page_number: int
    start: int
    ent: str = ""
    rank: int = -1


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed party: its value as printed, where it was first seen, its features."""

    value: str
    page_number: int
    start: int
    features: dict[str, float]


def _clean(name: str) -> str:
    dot = "." if name.rstrip().endswith(".") else ""
    name = _LEAD_CAPS.sub("", fold(name)).strip(" ,;:.'\"\u201c\u201d\u2019-") + dot
    return re.sub(r"^(?:and|or|between|among)\s+", "", name, flags=re.I).strip()


def _plausible(name: str) -> bool:
    words = _WORDS.findall(name)
    return (
        bool(words)
        and len(name) <= 90
        and not (len(words) == 1 and words[0].lower() in _ROLE_WORDS)
        and not (len(words) == 1 and LEGAL_FORM.fullmatch(words[0]))
    )


def _slot_and_ent(doc: ExtractedDocument, nlp: Language) -> Iterator[Mention]:
    window = preamble(doc)
    if window is None:
        if not doc.pages:
            return
        page, text, base = doc.pages[0], doc.pages[0].text[:PREAMBLE_CHARS], 0
        ents = list(nlp(text).ents)
    else:
        page, text, base = window.page, window.text, window.start
        clause = _clause(window)
        ents = list(nlp(text[: max(clause[1] if clause else 0, PREAMBLE_CHARS)]).ents)
        for rank, hit in enumerate(_parties(window, ents)):
            yield Mention(hit.raw, "slot", page.page_number, hit.start or base, rank=rank)
    for ent in ents:
        if ent.label_ in ("ORG", "PERSON"):
            yield Mention(ent.text, "ent", page.page_number, base + ent.start_char, ent.label_)


def _definitions(doc: ExtractedDocument) -> Iterator[Mention]:
    for page in doc.pages[:DEFINITION_PAGES]:
        for run in _NAME_RUN.finditer(page.text):
            after = page.text[run.end() : run.end() + 120]
            if _ALIAS.match(after) or _DESCRIBED.match(after):
                yield Mention(run.group(), "defn", page.page_number, run.start())


def _lines(doc: ExtractedDocument) -> Iterator[Mention]:
    """Short lines of the first pages that hold a legal form ("Party A: X Co., Ltd.")."""
    for page in doc.pages[:LINE_PAGES]:
        offset = 0
        for line in page.text.splitlines(keepends=True)[:LINE_COUNT]:
            name = _LABEL.sub("", line).strip(" \t\r\n,;")
            if len(name) <= 100 and LEGAL_FORM.search(name) and _NAME_RUN.fullmatch(name):
                yield Mention(name, "line", page.page_number, offset)
            offset += len(line)


def _signatures(doc: ExtractedDocument) -> Iterator[Mention]:
    for page in doc.pages:
        for by in list(_BY_LINE.finditer(page.text))[:8]:
            lines = page.text[max(0, by.start() - 300) : by.start()].splitlines()
            kept = [ln.strip() for ln in lines if ln.strip() and not set(ln.strip()) <= set("_-")]
            block = [ln for ln in kept[-3:] if not _SIG_SKIP.search(ln) and _WORDS.search(ln)]
            if not block:
                continue
            block = [re.sub(r"^\s*ATTEST\s+", "", ln) for ln in block]
            pieces = [block[-1]]
            if len(block) >= 2 and block[-2].isupper() and block[-1].isupper():
                pieces.append(f"{block[-2]} {block[-1]}")
            for piece in pieces:
                for part in _columns(piece):
                    yield Mention(part.rstrip(":"), "sig", page.page_number, by.start())


def _second_name(rest: str) -> bool:
    return len(rest.split()) >= 2 and bool(LEGAL_FORM.search(rest))


def _columns(line: str) -> list[str]:
    """A line of two signature columns split after the first name's legal form."""
    found = [m.end() for m in _TWO_COLUMN.finditer(line) if _second_name(line[m.end() :])]
    cuts = [0, *found, len(line)]
    return [line[a:b] for a, b in itertools.pairwise(cuts) if line[a:b].strip()]


def mentions(doc: ExtractedDocument, nlp: Language) -> list[Mention]:
    """Every plausible name any rule proposes, cleaned."""
    found = [*_slot_and_ent(doc, nlp), *_definitions(doc), *_lines(doc), *_signatures(doc)]
    out = []
    for m in found:
        name = _clean(m.name)
        if _plausible(name):
            out.append(Mention(name, m.source, m.page_number, m.start, m.ent, m.rank))
    return out


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
    words = _WORDS.findall(value)
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
        "alias_follows": float(any(bool(_ALIAS.match(a)) for a in afters)),
        "described": float(any(bool(_DESCRIBED.match(a)) for a in afters)),
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
