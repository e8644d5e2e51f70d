"""Fields of research papers: title, authors, abstract, year, DOI, arXiv id.

Only the title page is read (the first page with words among the first two).
The title is the largest text near the top; authors are the name-like pieces of
the lines between the title and the abstract (spaCy's entities veto places and
organisations); the abstract is found by ``fields_abstract`` (under its heading,
structured, or untitled); year, DOI and arXiv id come from regular expressions with cues.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kpo.normalise.values import clean_doi
from kpo.records import ExtractedDocument, Page

from .fields_abstract import ABSTRACT_HEADING, extract_abstract
from .fields_common import (
    AGREEMENT_BONUS,
    CONF_FAIR,
    CONF_GOOD,
    CONF_STRONG,
    Hit,
    fold,
    numbered,
)
from .fields_header import HeaderModel, model_hits
from .fields_layout import Line, join_lines, page_lines, split_line
from .fields_names import author_pieces, is_name_like, split_names

if TYPE_CHECKING:
    from spacy.language import Language

_VENUE = re.compile(
    r"\b(journal|proceedings|conference|symposium|workshop|transactions|volume|vol\.|issue|"
    r"letters|preprint|arxiv|submitted|copyright)\b|ournal\b",
    re.IGNORECASE,
)
_DOI = re.compile(r"(?P<cue>doi\.org/|doi\s*:?\s*)?\b(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.I)
_ARXIV = re.compile(
    r"arxiv(?:\s*e-?print)?\s*:?\s*(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_Y = r"(?P<year>(?:19|20)\d\d)\b"
# Where a cue counts: anywhere on the title page, in its header (before the abstract ends),
# or in its header or footer (a running venue line, not a reference in the body).
ANYWHERE, HEADER, MARGINS = "anywhere", "header", "margins"
FOOTER_CHARS = 400
_YEAR_CUES: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (re.compile(r"(?:\u00a9|\(c\)|copyright)\s*(?:c\s+)?(?:\w+\s+)?" + _Y, re.I), CONF_STRONG,
     ANYWHERE),
    (re.compile(r"arxiv:\S+\s+\[[^\]]+\]\s+\d{1,2}\s+\w{3}\s+" + _Y, re.I), CONF_STRONG, ANYWHERE),
    (re.compile(r"\bpublished\b[^\n]{0,30}?" + _Y, re.I), CONF_GOOD, HEADER),
    # a venue line: "Vol. 48, 2004", "Volume 5, No. 2, 2019", "vol. 12 (2001)"
    (re.compile(r"\bvol(?:ume)?\.?\s*\d+(?:\s*,\s*(?:no|issue)\.?\s*\d+)?\s*[,(]\s*" + _Y,
                re.I), CONF_GOOD, MARGINS),
    (re.compile(r"\b" + _Y + r"\s+(?:\w+\s+){0,2}(?:conference|symposium|workshop)", re.I), 0.7,
     HEADER),
    (re.compile(r"\baccepted\b[^\n]{0,30}?" + _Y, re.I), CONF_FAIR, HEADER),
    (re.compile(r"\breceived\b[^\n]{0,30}?" + _Y, re.I), CONF_FAIR - 0.1, HEADER),
    (re.compile(r"\b[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?" + _Y), CONF_FAIR - 0.05, HEADER),
    (re.compile(r"\d+\s*\(" + _Y + r"\)"), CONF_FAIR, HEADER),
)  # fmt: skip
_TRAIL = ".,;:)]}"


def title_page(doc: ExtractedDocument) -> Page | None:
    """The first page with words among the first two, a text layer before OCR."""
    pages = [p for p in doc.pages[:2] if p.words]
    # a text layer's font sizes are exact, OCR's are estimates: a scanned cover page
    # before a born-digital title page must not win on the size of its print
    return next((p for p in pages if p.source != "ocr"), pages[0] if pages else None)


def _same_size(a: float, b: float, ocr: bool) -> bool:
    """Equal font sizes: to half a point from a text layer, within 15% for OCR's estimates."""
    return abs(a - b) <= (0.15 * max(a, b) if ocr else 0.5)


def _blocks(lines: list[Line], ocr: bool = False) -> list[list[Line]]:
    """Consecutive lines of the same font size."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and _same_size(blocks[-1][-1].size, line.size, ocr):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _eligible(block: list[Line], page: Page) -> bool:
    text = " ".join(line.text for line in block)
    words = re.findall(r"[^\W\d_]{2,}", text)
    top = block[0].box.top
    letters = sum(c.isalpha() for c in text) / max(1, len(text.replace(" ", "")))
    ok = len(words) >= 2 and letters >= 0.75 and top < page.height * 0.5
    return ok and not _VENUE.search(text)


def _is_byline(line: Line) -> bool:
    pieces = split_names(line.text)
    named = sum(is_name_like(p) for p in pieces)
    return named > 0 and 2 * named >= len(pieces)


def _candidates(lines: list[Line], ocr: bool = False) -> list[tuple[list[Line], float]]:
    """Same-size blocks with a score: font size, more when a byline follows.

    A long block of one size (a page in one font) is cut before its first
    byline line, with a lower score.
    """
    found: list[tuple[list[Line], float]] = []
    for block in _blocks(lines, ocr):
        if all(_is_byline(line) for line in block):
            continue
        if ocr and len(block) > 1 and _is_byline(block[-1]):
            block = block[:-1]  # OCR sizes cannot tell a byline from the title above it
        after = lines[lines.index(block[-1]) + 1 : lines.index(block[-1]) + 3]
        bonus = 1.15 if any(_is_byline(line) for line in after) else 1.0
        if len(block) <= 4:
            found.append((block, block[0].size * bonus))
            continue
        cut = next((i for i, line in enumerate(block[:6]) if _is_byline(line)), 0)
        start = next((i for i, line in enumerate(block[:cut]) if len(line.words) >= 2), cut)
        head = block[start:cut]
        if head:
            found.append((head, block[0].size * 0.85))
    return found


def _title_block(lines: list[Line], page: Page) -> tuple[list[Line], float] | None:
    candidates = _candidates(lines[:15], ocr=page.source == "ocr")
    scored = [(b, s) for b, s in candidates if _eligible(b, page)]
    if not scored:
        return None
    best = max(s for _, s in scored)
    return next((b, s) for b, s in scored if s >= best)


def extract_title(page: Page, lines: list[Line]) -> tuple[Hit | None, list[Line]]:
    """The title hit and the lines after it."""
    found = _title_block(lines, page)
    if found is None:
        return None, lines
    block, score = found
    largest = max(line.size for line in lines)
    confidence = CONF_GOOD if score >= largest else CONF_FAIR
    if score > block[0].size:  # a byline follows: a second cue agrees
        confidence += AGREEMENT_BONUS
    raw = fold(join_lines(block))
    hit = Hit("title", raw, raw, confidence, page.page_number, "layout.title_font", start=None)
    rest = lines[lines.index(block[-1]) + 1 :]
    return hit, rest


def extract_authors(
    page: Page, lines: list[Line], nlp: Language, abstract: Hit | None = None
) -> list[Hit]:
    """The names in the byline: the lines after the title, up to the abstract."""
    opening = abstract.raw.split()[:3] if abstract is not None else None
    block: list[Line] = []
    for line in lines[:20]:
        if ABSTRACT_HEADING.match(line.text) or len(line.words) > 25:
            break
        if opening is not None and line.text.split()[:3] == opening:
            break
        block.extend(split_line(line))
    return numbered(
        [
            Hit("authors", raw, raw, confidence, page.page_number, "layout.byline+spacy.ner")
            for raw, confidence in author_pieces(block, nlp)
        ]
    )


def extract_doi(page: Page) -> Hit | None:
    matches = list(_DOI.finditer(page.text))
    if not matches:
        return None
    best = max(matches, key=lambda m: m["cue"] is not None)
    doi = clean_doi(best["doi"])
    confidence = CONF_STRONG if best["cue"] else CONF_GOOD
    return Hit(
        "doi", doi.lower(), doi, confidence, page.page_number, "regex.doi", start=best.start("doi")
    )


def extract_arxiv(page: Page) -> Hit | None:
    match = _ARXIV.search(page.text)
    if match is None:
        return None
    return Hit(
        "arxiv_id",
        match["id"],
        match["id"],
        CONF_STRONG,
        page.page_number,
        "regex.arxiv",
        start=match.start("id"),
    )


def _in_region(region: str, start: int, header_end: int, length: int) -> bool:
    if region == ANYWHERE:
        return True
    in_footer = region == MARGINS and start >= length - FOOTER_CHARS
    return start < header_end or in_footer


def extract_year(page: Page, header_end: int) -> Hit | None:
    found: list[tuple[float, int, str]] = []
    for pattern, confidence, region in _YEAR_CUES:
        for match in pattern.finditer(page.text):
            if _in_region(region, match.start(), header_end, len(page.text)):
                found.append((confidence, -match.start(), match["year"]))
    if not found:
        return None
    confidence, neg_start, year = max(found)
    agree = sum(1 for _, _, y in found if y == year) > 1
    return Hit(
        "year",
        year,
        year,
        confidence + (AGREEMENT_BONUS if agree else 0.0),
        page.page_number,
        "regex.year_cue",
        start=page.text.find(year, -neg_start),
    )


def extract_paper(
    doc: ExtractedDocument, nlp: Language, model: HeaderModel | None = None
) -> list[Hit]:
    """All research-paper hits of ``doc``.

    With a header ``model``, its values (learned on GROBID's corpus) win; the rules
    answer only the fields it leaves empty, and always the abstract.
    """
    page = title_page(doc)
    if page is None:
        return []
    hits = _rule_hits(page, nlp)
    if model is None:
        return hits
    learned = model_hits(page, model)
    answered = {h.name for h in learned}
    return learned + [h for h in hits if h.name not in answered]


def _rule_hits(page: Page, nlp: Language) -> list[Hit]:
    lines = page_lines(page)
    title, rest = extract_title(page, lines)
    abstract = extract_abstract(page, rest)
    header_end = abstract.start or 0 if abstract else min(len(page.text), 2500)
    hits: list[Hit | None] = [title, abstract, extract_doi(page), extract_arxiv(page)]
    hits.append(extract_year(page, max(header_end, 600)))
    authors = extract_authors(page, rest, nlp, abstract) if title else []
    return [h for h in hits if h is not None] + authors
