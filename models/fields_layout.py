"""Layout helpers for field extraction: lines of words, and where a value sits.

``Page.text`` (pdfium's text) and ``Page.words`` come from the same page in
mostly the same order, so a value found in the text is located among the words
by matching its letters and digits against the words' letters and digits.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from kpo.records import Box, Page, Word

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def alnum(text: str) -> str:
    """Lower-case letters and digits of ``text``, nothing else."""
    return _NON_ALNUM.sub("", text).lower()


def word_size(word: Word) -> float:
    """The font size, or the box height when the extractor gave no usable size."""
    return word.size if word.size >= 2.0 else max(word.bottom - word.top, 1.0)


def union_box(words: Sequence[Word]) -> Box | None:
    """The smallest box that holds every word, or None for no words."""
    return reduce(Box.union, (w.box for w in words)) if words else None


@dataclass(frozen=True, slots=True)
class Line:
    """Words that share a baseline band on one page, left to right."""

    page_number: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(word_size(w) for w in self.words)

    @property
    def box(self) -> Box:
        box = union_box(self.words)
        assert box is not None
        return box


def page_lines(page: Page) -> list[Line]:
    """Group the page's words into lines in reading order.

    A line ends where the next word starts left of the previous one or jumps up
    or down by more than a line. Superscripts and commas stay on their line.
    Vertical (rotated) words are left out.
    """
    lines: list[list[Word]] = []
    prev: Word | None = None
    for word in page.words:
        if _vertical(word):
            continue
        if prev is None or _breaks(prev, word):
            lines.append([])
        lines[-1].append(word)
        prev = word
    return [Line(page.page_number, tuple(ws)) for ws in lines]


def join_lines(lines: list[Line]) -> str:
    """The lines' text as one string; a word broken by a hyphen at a line's end is rejoined."""
    text = ""
    for line in lines:
        part = line.text
        glue = "" if text.endswith("-") and part[:1].islower() else " "
        text = f"{text}{glue}{part}" if text else part
    return text


def _vertical(word: Word) -> bool:
    height = word.bottom - word.top
    size = word.size if word.size >= 2.0 else 0.0
    return len(word.text) > 1 and height > 2 * max(size, 1.0) and height > word.x1 - word.x0


def _breaks(prev: Word, word: Word) -> bool:
    size = max(word_size(prev), word_size(word))
    jump = abs((word.top + word.bottom) - (prev.top + prev.bottom)) / 2
    return word.x0 < prev.x1 - 0.25 * size or jump > 1.2 * size


def split_line(line: Line, gap: float = 1.5) -> list[Line]:
    """Split a line where the space between two words exceeds ``gap`` x font size."""
    chunks: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - prev.x1 > gap * max(word_size(prev), word_size(word)):
            chunks.append([])
        chunks[-1].append(word)
    return [Line(line.page_number, tuple(c)) for c in chunks]


class PageIndex:
    """Find the words of a page that hold a piece of text."""

    def __init__(self, page: Page) -> None:
        self.page = page
        keys = [alnum(w.text) for w in page.words]
        self._letters = "".join(keys)
        self._owner = [i for i, key in enumerate(keys) for _ in key]

    def locate(self, value: str, *, near: int | None = None) -> Box | None:
        """Box of the words that spell ``value``; ``near`` is its offset in Page.text."""
        key = alnum(value)
        if not key:
            return None
        starts = [m.start() for m in re.finditer(re.escape(key), self._letters)]
        if not starts:
            return None
        start = min(starts, key=lambda s: abs(s - self._expected(near)))
        first, last = self._owner[start], self._owner[start + len(key) - 1]
        return union_box(self.page.words[first : last + 1])

    def _expected(self, near: int | None) -> float:
        if near is None or not self.page.text:
            return 0.0
        return len(self._letters) * near / len(self.page.text)
