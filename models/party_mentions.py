"""Party mentions of a contract: the names that five rules propose, none of them deciding.

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
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpo.records import ExtractedDocument

from .fields_common import fold
from .fields_contract import _ROLE_WORDS, _clause, _parties, preamble

if TYPE_CHECKING:
    from spacy.language import Language

ALIAS = re.compile(
    r"\s*,?\s*\(\s*(?:hereinafter|herein|each|the|together|collectively|"
    r"referred|individually|as|a|an|\s)*[\"'\u201c\u201d\u2018\u2019?]"
)
DESCRIBED = re.compile(
    r"\s*,\s*(?:a|an)\s+(?:[\w.\-]+\s+){0,5}?(?:corporation|company|partnership|bank|"
    r"association|limited|individual|trust|entity|organi[sz]ation|societe|aktiengesellschaft)",
    re.I,
)
_ATTEST = re.compile(r"^ATTEST:?\s+")
_FORM_END = re.compile(
    r"\b(?:inc|incorporated|llc|l\.l\.c|l\.?p|llp|ltd|limited|corp|corporation|plc|gmbh|ag)\.?,?\s*$",
    re.I,
)
_BY_LINE = re.compile(r"^\s*By\s*:", re.M)
_LEAD_CAPS = re.compile(r"^(?:.*\b(?:BETWEEN|AMONG|BY|AGREEMENT|HIS)\s+)", re.S)
_SIG_SKIP = re.compile(
    r"witness\b|executed|signature|title:|name:|date:|address|^\s*[\[(]|page\s+\d|"
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
WORDS = re.compile(r"[^\W\d_]{2,}")
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


def _clean(name: str) -> str:
    dot = "." if name.rstrip().endswith(".") else ""
    name = _LEAD_CAPS.sub("", fold(name)).strip(" ,;:.'\"\u201c\u201d\u2019-") + dot
    return re.sub(r"^(?:and|or|between|among)\s+", "", name, flags=re.I).strip()


def _plausible(name: str) -> bool:
    words = WORDS.findall(name)
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
            if ALIAS.match(after) or DESCRIBED.match(after):
                name = _last_name(run.group())
                yield Mention(name, "defn", page.page_number, run.end() - len(name))


def _last_name(run: str) -> str:
    """The end of a name run that crossed lines: a line ending in a legal form ends a name
    ("... Co., Ltd." / "Orion Freight LLC")."""
    lines = run.split("\n")
    kept = lines[-1]
    for line in reversed(lines[:-1]):
        if _FORM_END.search(line):
            break
        kept = f"{line}\n{kept}"
    return kept


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
            kept = [_ATTEST.sub("", ln.strip()) for ln in lines
                    if ln.strip() and not set(ln.strip()) <= set("_-")]  # fmt: skip
            block = [ln for ln in kept[-3:] if not _SIG_SKIP.search(ln) and WORDS.search(ln)]
            if not block:
                continue
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
