"""The abstract on a research paper's title page, in the three shapes journals print it.

Tried in this order:

- **headed**: an "Abstract" or "Summary" heading (on its own line or run in), up to
  the keywords, the introduction or the first section;
- **structured**: run-in headings in the order "Aim" (or "Objective", "Background",
  "Purpose"), "Methods", "Results", "Conclusions", as medical and life-science
  journals print it, often without an "Abstract" heading;
- **untitled**: a paragraph of prose between the byline and the first section heading,
  the keywords, or body text set in larger type, as many physics and mathematics
  journals print it. Nothing names it, so its raw confidence is weak; the calibration
  learned from generated papers then says how often such a paragraph is the abstract.
"""

from __future__ import annotations

import re
import statistics

from kpo.records import Page

from .fields_common import CONF_FAIR, CONF_GOOD, CONF_WEAK, Hit, fold
from .fields_layout import Line, join_lines

ABSTRACT_HEADING = re.compile(r"\s*(abstract|summary)\b\s*[.:\-\u2014\u2013]?\s*", re.IGNORECASE)
_HEADINGS = re.compile(r"(?m)^[ \t]*(abstract|summary)\b", re.IGNORECASE)
_END = re.compile(
    r"\n\s*(?:key\s*words|index terms|categories and subject descriptors|general terms|"
    r"(?:1|I)\.?\s+introduction|introduction\s*\n"
    # the first section under another name: "1 Related Work", "I. BACKGROUND", "Methods"
    r"|(?-i:(?:1|I)\.?\s+[A-Z][\w\-]*(?:[ \t]+[\w\-]+){0,5}[ \t]*\r?\n)"
    r"|(?:background|related work|motivation|overview|preliminaries|(?:materials and )?methods)"
    r"[ \t]*\r?\n)",
    re.IGNORECASE,
)
MAX_WORDS = 400
MIN_WORDS = 15  # under a heading
MIN_CLEAN_WORDS = 40  # an abstract with a clean end; fewer: something else was cut
OPEN_END_CHARS = 3000


def _run_in(names: str) -> re.Pattern[str]:
    """A heading that starts a line, alone or run in: ``Aim To test``, ``RESULTS: We``."""
    return re.compile(
        rf"(?m)^[ \t]*(?P<head>{names})\b[ \t]*[:.\-\u2014\u2013]?[ \t]*(?=(?-i:[A-Z0-9(])|\r?\n)",
        re.IGNORECASE,
    )


_LEAD = _run_in(r"aims?|objectives?|background|purpose|context|rationale")
_PARTS = (
    _run_in(r"(?:materials|patients|subjects)\s+and\s+methods|methods?|methodology|design"),
    _run_in(r"results?|findings"),
    _run_in(r"conclusions?|interpretation"),
)
STRUCTURED_SPAN = 4000  # characters from the first heading to the last


def _capitalised(match: re.Match[str]) -> bool:
    return match["head"][:1].isupper()


def structured_span(text: str, start: int = 0) -> tuple[int, int] | None:
    """Where a structured abstract's first heading starts and its last heading ends."""
    for lead in _LEAD.finditer(text, start):
        if not _capitalised(lead):
            continue
        position, limit = lead.end(), lead.start() + STRUCTURED_SPAN
        for part in _PARTS:
            found = next((m for m in part.finditer(text, position, limit) if _capitalised(m)), None)
            if found is None:
                break
            position = found.end()
        else:
            return lead.start(), position
    return None


def _hit(page: Page, body_start: int, end: int | None, extractor: str, clean: float) -> Hit | None:
    """The abstract from ``body_start`` to ``end`` (None: no end found, the hit is weak)."""
    body = page.text[body_start : end if end is not None else body_start + OPEN_END_CHARS]
    words = fold(body).split()
    if len(words) < MIN_WORDS:
        return None
    raw = " ".join(words[:MAX_WORDS])
    ended = end is not None and MIN_CLEAN_WORDS <= len(words) <= MAX_WORDS
    return Hit(
        "abstract",
        raw,
        raw,
        clean if ended else CONF_WEAK,
        page.page_number,
        extractor if ended else f"{extractor}.open_end",
        start=body_start,
        locate_as=" ".join(words[:8]),
    )


def _end_after(text: str, position: int) -> int | None:
    found = _END.search(text, position)
    return found.start() if found else None


def headed(page: Page) -> Hit | None:
    """The abstract under an "Abstract"/"Summary" heading (structured or not)."""
    text = page.text
    for match in _HEADINGS.finditer(text):
        head = ABSTRACT_HEADING.match(text, match.start())
        body_start = head.end() if head else match.end()
        span = structured_span(text, body_start)
        # a structured body ends after its last heading, not at a "Methods" line
        inside = span is not None and span[0] - body_start < 40
        end = _end_after(text, span[1] if span is not None and inside else body_start)
        hit = _hit(page, body_start, end, "layout.abstract_heading", CONF_GOOD)
        if hit is not None:
            return hit
    return None


def structured(page: Page) -> Hit | None:
    """A structured abstract without an "Abstract" heading."""
    span = structured_span(page.text)
    if span is None:
        return None
    end = _end_after(page.text, span[1])
    return _hit(page, span[0], end, "layout.structured_abstract", CONF_FAIR)


# A line that ends the front matter: the keywords, the introduction, the first section.
_FRONT_END = re.compile(
    r"^\s*(?:(?:1|I)\.?\s+)?introduction\b|^\s*(?:key\s*words|index terms|pacs\b|msc\b|"
    r"mathematics subject classification|jel\b|categories and subject descriptors)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(?:1|I)\.?\s+[A-Z]")
PROSE_LINE_WORDS = 5  # a full line of a paragraph set in a column (its last may be short)
LOWER_SHARE = 0.4  # prose: many words start lower-case (names and addresses do not)


def _front_end(line: Line) -> bool:
    if _FRONT_END.match(line.text):
        return True
    return len(line.words) <= 6 and bool(_NUMBERED.match(line.text))


def _full(line: Line) -> bool:
    return len(line.words) >= PROSE_LINE_WORDS and "@" not in line.text


def _same_size(a: Line, b: Line, ocr: bool) -> bool:
    """One font: to 0.6 pt from a text layer, within 15% for OCR's estimates."""
    return abs(a.size - b.size) <= (0.15 * max(a.size, b.size) if ocr else 0.6)


def _paragraphs(lines: list[Line], ocr: bool) -> list[list[Line]]:
    """Lines grouped into paragraphs: full lines of one font size and the short line
    that ends them. A line that ends the front matter always starts its own."""
    runs: list[list[Line]] = []
    current: list[Line] | None = None
    for line in lines:
        if current is not None and _same_size(current[-1], line, ocr) and not _front_end(line):
            current.append(line)
        else:
            current = [line]
            runs.append(current)
        if not _full(line):
            current = None
    return runs


def _lower_share(words: list[str]) -> float:
    return sum(w[:1].islower() for w in words) / max(len(words), 1)


def _prose(lines: list[Line]) -> bool:
    words = " ".join(line.text for line in lines).split()
    sentences = sum(w.endswith(".") for w in words)
    return len(words) >= MIN_CLEAN_WORDS and _lower_share(words) >= LOWER_SHARE and sentences >= 2


def _from_prose(run: list[Line]) -> list[Line]:
    """``run`` without the lines before its prose: an address set in the same type."""
    start = next((i for i, line in enumerate(run) if _lower_share(line.text.split()) >= 0.5), 0)
    return run[start:]


def _larger_type(run: list[Line], prose: list[Line], ocr: bool) -> bool:
    """``run`` is set in larger type than ``prose`` (OCR's sizes are estimates: by 5%)."""
    size, before = _median_size(run), _median_size(prose)
    return size >= before * 1.05 if ocr else size >= before + 0.5


def _median_size(lines: list[Line]) -> float:
    return statistics.median(line.size for line in lines)


def untitled(page: Page, lines: list[Line]) -> Hit | None:
    """The prose before the first section, the keywords, or body text set in larger type.

    ``lines``: the lines after the title. Adjacent prose paragraphs join; up to two other
    lines (a received date, a PACS line) may stand between the prose and what ends it;
    more, and it is not taken.
    """
    ocr = page.source == "ocr"
    prose: list[Line] = []
    since = 0  # lines since the prose
    for paragraph in _paragraphs(lines, ocr):
        if _front_end(paragraph[0]):
            return _untitled_hit(page, prose) if prose else None
        run = _from_prose(paragraph)
        if prose and len(run) >= 2 and _larger_type(run, prose, ocr):
            return _untitled_hit(page, prose)
        if len(run) >= 3 and _prose(run):
            prose = (prose if since == 0 else []) + run
            since = 0
        elif prose:
            since += len(run)
            if since > 2:
                prose, since = [], 0
    return None


def _untitled_hit(page: Page, lines: list[Line]) -> Hit | None:
    words = fold(join_lines(lines)).split()
    if len(words) > MAX_WORDS:
        return None
    raw = " ".join(words)
    first = re.compile(r"\s+".join(re.escape(w) for w in words[:4]))
    found = first.search(page.text)
    return Hit(
        "abstract",
        raw,
        raw,
        CONF_WEAK,
        page.page_number,
        "layout.untitled_abstract",
        start=found.start() if found else None,
        locate_as=" ".join(words[:8]),
    )


def extract_abstract(page: Page, lines: list[Line]) -> Hit | None:
    """The abstract of the title ``page`` (``lines``: the lines after the title)."""
    return headed(page) or structured(page) or untitled(page, lines)
