"""The tokens of a paper's header, with the layout features the header labeller reads.

The labeller (``header_model``) is trained on GROBID's header corpus, which has no
PDFs, only GROBID's per-token layout columns; at run time it reads kpo's own words.
So the features come in two kinds, and each is made one way for both:

- layout (block, line, alignment, font size against the previous token, largest font;
  GROBID's smallest-font and larger-than-average columns are constant in its corpus
  and left out): taken from GROBID's columns when training
  (``from_rows``), computed from kpo's words, boxes and font sizes at run time
  (``from_page``), following GROBID's definitions;
- text (capitals, digits, punctuation, single character, year, month, e-mail, URL,
  common English word): always computed here from the token's text (``text_features``),
  never copied from GROBID, so training and running cannot disagree on them.
  GROBID's name and place dictionaries are not used (kpo has none to match them).

A page's words are split into tokens as GROBID splits text (``kpo.datasets.grobid_tei.tokenize``);
each token remembers the index of its word, so labels map back to words and boxes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kpo.datasets.grobid_features import FeatureRow
from kpo.datasets.grobid_tei import tokenize
from kpo.records import Box, Page, Word

from .fields_layout import Line, page_lines, word_size

MAX_TOKENS = 1000  # GROBID's training headers: median 339 tokens, 95th percentile 800
_BODY_START = re.compile(r"^(?:(?:1|I)\.?\s*)?introduction\b", re.I)
_MONTHS = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?$", re.I
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_PUNCT = {
    "(": "OPENBRACKET",
    "[": "OPENBRACKET",
    ")": "ENDBRACKET",
    "]": "ENDBRACKET",
    ".": "DOT",
    ",": "COMMA",
    "-": "HYPHEN",
    "\u2013": "HYPHEN",
    "\u2010": "HYPHEN",
    "\u2212": "HYPHEN",
    '"': "QUOTE",
    "'": "QUOTE",
    "`": "QUOTE",
    "\u201c": "QUOTE",
    "\u201d": "QUOTE",
    "\u2018": "QUOTE",
    "\u2019": "QUOTE",
}
SIZE_TOLERANCE = 0.5  # points: sizes closer than this are the same font size
WIDE_GAP = 1.5  # in font sizes: the space between two names set side by side


@dataclass(frozen=True, slots=True)
class HeaderToken:
    """One token and its layout columns (GROBID's values); ``word`` is the kpo word's
    index in the page's words (-1 when training from GROBID's corpus), ``gap_before``
    whether more than ``WIDE_GAP`` font sizes of space precede it on its line."""

    text: str
    block: str
    line: str
    alignment: str
    font_size: str
    largest_font: bool
    word: int = -1
    gap_before: bool = False  # a wide space before it on its line (names side by side)


LAYOUT = ("block", "line", "alignment", "font_size")
LAYOUT_FLAGS = ("largest_font",)


def _capitals(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return "ALLCAP"
    return "INITCAP" if text[:1].isupper() else "NOCAPS"


def _digits(text: str) -> str:
    count = sum(c.isdigit() for c in text)
    return "ALLDIGIT" if count == len(text) else ("CONTAINSDIGITS" if count else "NODIGIT")


def _punctuation(text: str) -> str:
    if text in _PUNCT:
        return _PUNCT[text]
    return "PUNCT" if len(text) == 1 and not text.isalnum() else "NOPUNCT"


def _common_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


COMMON = _common_words()


def text_features(text: str) -> dict[str, str | bool]:
    """The text columns of one token (categorical values and flags)."""
    lower = text.lower()
    return {
        "capitals": _capitals(text),
        "digits": _digits(text),
        "punctuation": _punctuation(text),
        "single_char": len(text) == 1,
        "year": bool(_YEAR.match(text)),
        "month": bool(_MONTHS.match(text)) and text[:1].isupper(),
        "email": "@" in text,
        "url": lower.startswith(("http", "www")) or lower in ("doi", "org", "com"),
        "common_word": lower in COMMON,
    }


def from_rows(rows: Sequence[FeatureRow]) -> list[HeaderToken]:
    """Training tokens: GROBID's layout columns of each feature row."""
    return [
        HeaderToken(
            r.text,
            r.block,
            r.line,
            r.alignment,
            r.font_size,
            r.largest_font,
        )
        for r in rows
    ]


def header_lines(page: Page) -> list[Line]:
    """The page's lines up to the body's first heading ("1 Introduction"), in order."""
    lines = page_lines(page)
    for i, line in enumerate(lines):
        if i > 2 and _BODY_START.match(line.text.strip()):
            return lines[:i]
    return lines


def _blocks(lines: Sequence[Line], boxes: Sequence[Box]) -> list[int]:
    """The block number of each line: a new block where the gap above a line exceeds
    its height by half, or the font size changes."""
    blocks: list[int] = []
    for i, line in enumerate(lines):
        if i == 0:
            blocks.append(0)
            continue
        prev = lines[i - 1]
        gap = boxes[i].top - boxes[i - 1].bottom
        height = max(boxes[i].bottom - boxes[i].top, 1.0)
        new = gap > 0.5 * height or gap < -2 * height or abs(line.size - prev.size) > 1.0
        blocks.append(blocks[-1] + int(new))
    return blocks


def _position(i: int, n: int, start: str, inside: str, end: str) -> str:
    return start if i == 0 else (end if i == n - 1 else inside)


def _size_change(size: float, previous: float | None) -> str:
    if previous is None or abs(size - previous) < SIZE_TOLERANCE:
        return "SAMEFONTSIZE" if previous is not None else "HIGHERFONT"
    return "HIGHERFONT" if size > previous else "LOWERFONT"


def _line_tokens(line: Line, words: dict[int, int]) -> list[tuple[str, Word, int, bool]]:
    """(text, word, word index, wide gap before) of each token of the line."""
    out: list[tuple[str, Word, int, bool]] = []
    for k, w in enumerate(line.words):
        prev = line.words[k - 1] if k else None
        wide = prev is not None and w.x0 - prev.x1 > WIDE_GAP * max(word_size(w), 1.0)
        out += [(t, w, words[id(w)], wide and i == 0) for i, t in enumerate(tokenize(w.text))]
    return out


def from_page(page: Page, max_tokens: int = MAX_TOKENS) -> list[HeaderToken]:
    """Run-time tokens: the header of ``page`` (see ``header_lines``), at most ``max_tokens``."""
    lines = header_lines(page)
    index = {id(w): i for i, w in enumerate(page.words)}
    per_line = [_line_tokens(line, index) for line in lines]
    boxes = [line.box for line in lines]
    blocks = _blocks(lines, boxes)
    left: dict[int, float] = {}
    for number, box in zip(blocks, boxes, strict=True):
        left[number] = min(left.get(number, box.x0), box.x0)
    sizes = [word_size(w) for toks in per_line for _, w, _, _ in toks]
    if not sizes:
        return []
    largest = max(sizes)
    tokens: list[HeaderToken] = []
    previous: float | None = None
    for k, toks in enumerate(per_line):
        first = k == 0 or blocks[k] != blocks[k - 1]
        last = k == len(lines) - 1 or blocks[k] != blocks[k + 1]
        alignment = "LINEINDENT" if boxes[k].x0 > left[blocks[k]] + 5 else "ALIGNEDLEFT"
        for i, (text, word, w, wide) in enumerate(toks):
            size = word_size(word)
            block = "BLOCKSTART" if first and i == 0 else "BLOCKIN"
            block = "BLOCKEND" if last and i == len(toks) - 1 and block == "BLOCKIN" else block
            tokens.append(
                HeaderToken(
                    text,
                    block,
                    _position(i, len(toks), "LINESTART", "LINEIN", "LINEEND"),
                    alignment,
                    _size_change(size, previous),
                    abs(size - largest) < SIZE_TOLERANCE,
                    w,
                    wide,
                )
            )
            previous = size
            if len(tokens) >= max_tokens:
                return tokens
    return tokens
