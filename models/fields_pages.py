"""Text that runs on across a page break, without the page's furniture in between.

A clause cut by a page break reads "... remain in effect until / Page 3 / December 31,
2030 ...". ``run_on`` gives each page's text followed by the start of the next page,
with running headers and footers (lines that start or end many pages, digits aside)
and page numbers left out at the join. Offsets below ``cut`` are offsets in the page's
own text; a position at or after ``cut + 1`` lies on the next page (``next_page``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kpo.records import ExtractedDocument, Page

from .fields_common import Hit

RUN_ON_CHARS = 600  # how much of the next page a page's last sentence may run into
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)
_DIGITS = re.compile(r"\d+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class RunOn:
    """A page's text up to ``cut`` (its furniture at the end left out), then the next page's."""

    page: Page
    text: str
    cut: int
    next_page: Page | None = None
    next_start: int = 0  # offset in the next page's text where its part of ``text`` begins

    def on_next_page(self, position: int) -> int | None:
        """The offset in the next page's text of ``position`` of ``text``, if it lies there."""
        if self.next_page is None or position <= self.cut:
            return None
        return self.next_start + position - self.cut - 1

    def place(self, hit: Hit) -> Hit:
        """``hit`` (``start`` an offset in ``text``) moved to the next page if it starts there."""
        there = self.on_next_page(hit.start or 0)
        if there is None or self.next_page is None:
            return hit
        return replace(hit, page_number=self.next_page.page_number, start=there)


def run_on(doc: ExtractedDocument) -> Iterator[RunOn]:
    """Each page of ``doc``, in order, with the start of the page after it."""
    running = _running_lines(doc)
    pages = doc.pages
    for index, page in enumerate(pages):
        cut = _body_end(page.text, running)
        if index + 1 == len(pages):
            yield RunOn(page, page.text[:cut], cut)
            continue
        following = pages[index + 1]
        start = _body_start(following.text, running)
        head = following.text[start : start + RUN_ON_CHARS]
        yield RunOn(page, f"{page.text[:cut]}\n{head}", cut, following, start)


def _mask(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of ``text``, its line break excluded."""
    spans = []
    for m in _LINE.finditer(text):
        body = m.group().rstrip("\r\n")
        if body.strip():
            spans.append((m.start(), m.start() + len(body)))
    return spans


def _running_lines(doc: ExtractedDocument) -> frozenset[str]:
    """Lines (digits masked) among the first or last two of at least half the pages (>= 2)."""
    counts: Counter[str] = Counter()
    for page in doc.pages:
        lines = _lines(page.text)
        counts.update({_mask(page.text[s:e]) for s, e in lines[:2] + lines[-2:]})
    need = max(2, (len(doc.pages) + 1) // 2)
    return frozenset(line for line, n in counts.items() if n >= need)


def _is_furniture(line: str, running: frozenset[str]) -> bool:
    return bool(_PAGE_NUMBER.match(line)) or _mask(line) in running


def _body_end(text: str, running: frozenset[str]) -> int:
    """Where the page's text ends once its last lines of furniture are left out."""
    end = len(text)
    for start, stop in reversed(_lines(text)[-3:]):
        if not _is_furniture(text[start:stop], running):
            return stop
        end = start
    return end


def _body_start(text: str, running: frozenset[str]) -> int:
    """Where the page's text starts once its first lines of furniture are left out."""
    begin = 0
    for start, stop in _lines(text)[:3]:
        if not _is_furniture(text[start:stop], running):
            return start
        begin = stop
    return begin
