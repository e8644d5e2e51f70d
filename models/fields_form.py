"""Read a form by its layout: text segments, and the value that belongs to a label.

A page's words are grouped into rows (vertical overlap) and rows into segments
(split at wide gaps). On a page whose Hebrew came out in visual order (see
``is_reversed_rtl``) a segment is put in reading order: its tokens reversed, and
the letters of each Hebrew token reversed; numbers keep their order.

A label's value is, in order of preference: the rest of the label's own segment;
the nearest segment after it on the same row (to the right, or to the left on a
right-to-left page); the nearest segment below it, in the label's column or in the
next box. Segments that are labels themselves are never values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from kpo.records import Box, Page, Word

from .fields_common import fold, is_reversed_rtl
from .fields_layout import union_box, word_size
from .fields_lexicon import ANY_LABEL

Placement = Literal["inline", "beside", "below"]
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_RULE = re.compile(r"_{2,}|\.{4,}")  # fill-in rules: ____ or .....
_BLANK = re.compile(r"^[\s_.:\-\u2013|\uf000-\uf8ff]*$")
BESIDE_REACH = 12.0  # in font sizes: how far a value may sit beside its label
BELOW_REACH = 3.5  # in font sizes: how far below


@dataclass(frozen=True, slots=True)
class Segment:
    """Words of one row that belong together, with their text in reading order."""

    text: str
    box: Box
    size: float
    page_number: int


@dataclass(frozen=True, slots=True)
class Pair:
    """A label segment, where its value was found, and the value text."""

    label: Segment
    value: str
    value_segment: Segment
    placement: Placement


def page_is_visual_rtl(page: Page) -> bool:
    """True when the page's Hebrew words are stored back to front."""
    return is_reversed_rtl(" ".join(w.text for w in page.words if _HEBREW.search(w.text)))


def reading_text(words: list[Word], rtl: bool) -> str:
    """The words' text in reading order (``words`` sorted left to right)."""
    tokens = [w.text for w in words]
    if not (rtl and any(_HEBREW.search(t) for t in tokens)):
        return fold(" ".join(tokens))
    runs: list[list[str]] = []  # runs of Hebrew and of other tokens, left to right
    for token in tokens:
        hebrew = bool(_HEBREW.search(token))
        if runs and bool(_HEBREW.search(runs[-1][0])) == hebrew:
            runs[-1].append(token)
        else:
            runs.append([token])
    ordered = [[t[::-1] for t in reversed(r)] if _HEBREW.search(r[0]) else r for r in runs]
    return fold(" ".join(t for run in reversed(ordered) for t in run))


def _rows(words: Sequence[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        row = next((r for r in rows[-3:] if r[0].top <= middle <= r[0].bottom), None)
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _chunks(row: list[Word], gap: float = 1.5) -> Iterator[list[Word]]:
    chunk = [row[0]]
    for prev, word in pairwise(row):
        small, large = sorted((word_size(prev), word_size(word)))
        space = word.x0 - prev.x1
        if space > gap * large or (space > 0.8 * large and small < 0.9 * large):
            yield chunk
            chunk = []
        chunk.append(word)
    yield chunk


def segments(page: Page) -> list[Segment]:
    """The page's segments, top to bottom, left to right; blank ones dropped."""
    rtl = page_is_visual_rtl(page)
    found = []
    for row in _rows(page.words):
        for chunk in _chunks(row):
            text = reading_text(chunk, rtl)
            box = union_box(chunk)
            if box is not None and not _BLANK.match(text):
                size = max(word_size(w) for w in chunk)
                found.append(Segment(text, box, size, page.page_number))
    return found


def _overlap(a: Box, b: Box) -> float:
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared / max(1e-6, min(a.bottom - a.top, b.bottom - b.top))


def beside(label: Segment, others: list[Segment], rtl: bool) -> list[Segment]:
    """Segments on the label's row after it in reading order, nearest first."""
    reach = BESIDE_REACH * label.size
    found = []
    for seg in others:
        gap = label.box.x0 - seg.box.x1 if rtl else seg.box.x0 - label.box.x1
        if seg is not label and _overlap(label.box, seg.box) >= 0.5 and -2 <= gap <= reach:
            found.append((gap, seg))
    return [s for _, s in sorted(found, key=lambda item: item[0])]


def below(label: Segment, others: list[Segment], rtl: bool) -> list[Segment]:
    """Segments under the label, in its column or the next box, nearest first."""
    height = label.box.bottom - label.box.top
    low = label.box.top + 0.5 * height
    high = label.box.bottom + BELOW_REACH * label.size
    slack, reach = 2.0 * label.size, BESIDE_REACH * label.size
    found = []
    for seg in others:
        if seg is label or not low <= seg.box.top <= high:
            continue
        if rtl:
            shift = label.box.x1 - seg.box.x1
            ok = -slack <= shift and seg.box.x1 >= label.box.x0 - reach
        else:
            shift = seg.box.x0 - label.box.x0
            ok = -slack <= shift and seg.box.x0 <= label.box.x1 + reach
        if ok:
            found.append((seg.box.top - label.box.bottom, abs(shift), seg))
    return [s for _, _, s in sorted(found, key=lambda item: (item[0] > 4, item[1], item[0]))]


def is_label(text: str) -> bool:
    return bool(ANY_LABEL.search(text)) or text.rstrip().endswith(":")


def _value_text(text: str) -> str:
    return fold(_RULE.sub(" ", text))


def pair_values(page: Page, label: re.Pattern[str]) -> Iterator[Pair]:
    """Every candidate value of the labels ``label`` matches on ``page``, best first."""
    segs = segments(page)
    rtl = page_is_visual_rtl(page)
    for seg in segs:
        match = label.search(seg.text)
        if match is None or len(seg.text.split()) > 12:
            continue
        rest = _value_text(seg.text[match.end() :].lstrip(" :#.-\u2013"))
        if rest and not _BLANK.match(rest):
            yield Pair(seg, rest, seg, "inline")
        for other in beside(seg, segs, rtl):
            if is_label(other.text):
                break  # a value beyond the next label is that label's
            yield Pair(seg, _value_text(other.text), other, "beside")
        for other in below(seg, segs, rtl)[:3]:
            if not is_label(other.text):
                yield Pair(seg, _value_text(other.text), other, "below")
