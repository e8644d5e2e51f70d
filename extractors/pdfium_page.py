"""The fast path: one page's text, words and drawn objects through pdfium.

Words are grouped from pdfium's char list on white space (pdfium already inserts
generated spaces at large gaps and line breaks at line ends). A word's box comes
from the loose boxes of its first and last chars (two ctypes calls per word, not
per char), moved into pdfplumber's coordinates: origin at the top-left of the
displayed page, the MediaBox origin handled as pdfplumber does. On upright text
the top is ``bottom - size``, as pdfminer builds char boxes.

Text leaves as valid UTF-8 (:mod:`kpo.textsafe`): pdfium's char list holds a
character outside the BMP as two chars (a UTF-16 surrogate pair), so the page text
is cleaned once, and the words only on the rare page whose char string needs it.
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, replace

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from kpo.records import Word
from kpo.textsafe import clean_text, is_clean

RULE_THICKNESS = 3.0  # a path thinner than this (points) is a rule, not a box
RULE_MIN_LENGTH = 10.0  # a rule or cell side is at least this long (points)
RULE_SHARE = 0.2  # rules per path object, at least, on a page that probably has a table
SEGMENT_BUDGET = 4000  # path segments inspected per page, at most
FORM_DEPTH = 4  # how deep nested form XObjects are searched for images and paths
_WORD_RE = re.compile(r"\S+")
# what FPDFText_GetText writes for these char codes: no code (a char pdfium could not
# map), and 0x02, which pdfium gives a hyphen that ends a line
_GET_TEXT_CODES = {0: 0xFFFD, 2: 0xFFFE}
_BOUNDS = tuple(ctypes.c_float() for _ in range(4))  # reused out-parameters (one thread)


@dataclass(frozen=True, slots=True)
class Geometry:
    """Maps pdfium user-space points to pdfplumber's top-left coordinates."""

    width: float
    height: float
    rotation: int
    mb_x0: float
    mb_y0: float
    mb_w: float
    mb_h: float
    off_x: float
    off_top: float

    def to_top_left(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.mb_x0, y - self.mb_y0
        if self.rotation == 90:
            u, v = v, u
        elif self.rotation == 180:
            u, v = self.mb_w - u, v
        elif self.rotation == 270:
            u, v = self.mb_h - v, self.mb_w - u
        else:
            v = self.mb_h - v
        return u + self.off_x, v + self.off_top


def page_geometry(page: pdfium.PdfPage, *, decimals: bool = False) -> Geometry:
    """The page's display size and transform, following pdfplumber's conventions.

    ``decimals``: the MediaBox as the PDF writes it (:func:`pdf_decimal`), as pdfminer
    reads it, rather than as pdfium keeps it.
    """
    box = page.get_mediabox()
    left, bottom, right, top = (pdf_decimal(v) for v in box) if decimals else box
    x0, x1 = sorted((left, right))
    y0, y1 = sorted((bottom, top))
    rotation = page.get_rotation() % 360
    quarter = rotation in (90, 270)
    width, height = (y1 - y0, x1 - x0) if quarter else (x1 - x0, y1 - y0)
    off_x, off_y = (y0, x0) if quarter else (x0, y0)
    return Geometry(width, height, rotation, x0, y0, x1 - x0, y1 - y0, off_x, -off_y)


def pdf_decimal(value: float) -> float:
    """The shortest decimal that pdfium's 32-bit float stands for: what the PDF wrote.

    pdfium keeps a PDF's numbers as 32-bit floats (``400.2`` is 400.20001220703125);
    pdfminer parses them to 64-bit floats (400.2). Where pdfplumber compares them with
    a tolerance (``400.2 - 397.2 <= 3``), the 32-bit ones can fall on the other side.
    """
    return float(str(np.float32(value)))


@dataclass(frozen=True, slots=True)
class Graphics:
    """What a page draws besides text: images, paths, and axis-aligned rules."""

    images: int = 0
    paths: int = 0
    h_rules: int = 0
    v_rules: int = 0
    image_share: float = 0.0  # share of the page's area under images (overlaps add up), <= 1
    texts: int = 0  # text objects
    invisible_texts: int = 0  # ... drawn invisibly (render mode 3: an OCR layer over a scan)

    @property
    def probably_has_table(self) -> bool:
        """Enough rules for a ruled grid (2x2 cells or more), and mostly rules.

        Charts draw many paths of which few are rules; a table's paths are rules.
        """
        grid = self.h_rules >= 3 and self.v_rules >= 3
        return grid and self.h_rules + self.v_rules >= RULE_SHARE * self.paths


def raw_text(textpage: pdfium.PdfTextPage) -> str:
    """pdfium's text of the page, ``\\r\\n`` line ends included (its char list's view).

    Surrogate pairs are joined; a lone surrogate is kept (not dropped), for
    :func:`page_text` to replace where the words show it replaced too.
    """
    if textpage.count_chars() == 0:
        return ""
    text: str = textpage.get_text_range(errors="surrogatepass")
    return text


def page_text(raw_page_text: str) -> str:
    """The page's text in reading order, with ``\\n`` line ends, as valid UTF-8."""
    return clean_text(raw_page_text.replace("\r\n", "\n").replace("\r", "\n"))


def page_words(
    textpage: pdfium.PdfTextPage, geometry: Geometry, raw_page_text: str
) -> tuple[Word, ...]:
    """Words with boxes and font sizes, in pdfium's char order, as valid UTF-8."""
    chars = _char_string(textpage, raw_page_text)
    rect = raw.FS_RECTF()
    words = tuple(
        _word(textpage, m.group(), m.start(), m.end() - 1, rect, geometry)
        for m in _WORD_RE.finditer(chars)
    )
    if is_clean(chars):
        return words
    return tuple(w if is_clean(w.text) else replace(w, text=clean_text(w.text)) for w in words)


def _char_string(textpage: pdfium.PdfTextPage, text: str) -> str:
    """One str char per pdfium char index (the bulk text when it lines up).

    Otherwise (a surrogate pair is one char of the bulk text and two of the char
    list) each char's code, as ``FPDFText_GetText`` would write it.
    """
    count = textpage.count_chars()
    if len(text) == count:
        return text
    unicode_of, fix = raw.FPDFText_GetUnicode, _GET_TEXT_CODES
    codes = (unicode_of(textpage, i) for i in range(count))
    return "".join(chr(fix.get(code, code)) for code in codes)


def _word(
    textpage: pdfium.PdfTextPage, text: str, first: int, last: int, rect: raw.FS_RECTF, g: Geometry
) -> Word:
    raw.FPDFText_GetLooseCharBox(textpage, first, rect)
    left, right, low, high = rect.left, rect.right, rect.bottom, rect.top
    if last != first:
        raw.FPDFText_GetLooseCharBox(textpage, last, rect)
        left, right = min(left, rect.left), max(right, rect.right)
        low, high = min(low, rect.bottom), max(high, rect.top)
    size = _font_size(textpage, first)
    ax, ay = g.to_top_left(left, low)
    bx, by = g.to_top_left(right, high)
    x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
    top, bottom = (ay, by) if ay <= by else (by, ay)
    if 0.5 * size <= bottom - top <= 1.6 * size:  # upright text: pdfminer's box height
        top = bottom - size
    return Word(text, x0, top, x1, bottom, size)


def _font_size(textpage: pdfium.PdfTextPage, index: int) -> float:
    """The rendered size: pdfium's ``Tf`` size scaled by the char's text matrix.

    ``FPDFText_GetFontSize`` ignores the matrix, so a PDF that sets ``1 Tf`` and
    scales with ``Tm`` would report 1 pt for every char; pdfplumber (pdfminer)
    reports the scaled size, and so do we.
    """
    size = float(raw.FPDFText_GetFontSize(textpage, index))
    matrix = raw.FS_MATRIX()
    if raw.FPDFText_GetMatrix(textpage, index, matrix):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        if scale > 0:
            size *= scale
    return round(size, 2)


def page_graphics(page: pdfium.PdfPage) -> Graphics:
    """Count images and paths, the rules that could draw a table grid, and image cover."""
    counts = [0, 0, 0, 0, 0.0, 0, 0]  # images, paths, h/v rules, image area, texts, invisible
    budget = [SEGMENT_BUDGET]
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        _visit(raw.FPDFPage_GetObject(handle, i), counts, budget, FORM_DEPTH)
    width, height = page.get_size()
    share = min(1.0, counts[4] / max(width * height, 1.0))
    images, paths, h_rules, v_rules = (int(c) for c in counts[:4])
    texts, invisible = int(counts[5]), int(counts[6])
    return Graphics(images, paths, h_rules, v_rules, round(share, 3), texts, invisible)


def _visit(obj: raw.FPDF_PAGEOBJECT, counts: list[float], budget: list[int], depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_IMAGE:
        counts[0] += 1
        counts[4] += _area(obj)
    elif kind == raw.FPDF_PAGEOBJ_TEXT:
        counts[5] += 1
        counts[6] += raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_INVISIBLE
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        counts[1] += 1
        h, v = _path_rules(obj, budget)
        counts[2] += h
        counts[3] += v
    elif kind == raw.FPDF_PAGEOBJ_FORM and depth > 0:
        for i in range(raw.FPDFFormObj_CountObjects(obj)):
            _visit(raw.FPDFFormObj_GetObject(obj, i), counts, budget, depth - 1)


def _area(obj: raw.FPDF_PAGEOBJECT) -> float:
    """The area of an object's bounding box (in its parent's space), in square points."""
    left, bottom, right, top = _BOUNDS
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return 0.0
    return max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)


def _path_rules(obj: raw.FPDF_PAGEOBJECT, budget: list[int]) -> tuple[int, int]:
    """(horizontal, vertical) rules drawn by one path object."""
    left, bottom, right, top = _BOUNDS
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return 0, 0
    w, h = right.value - left.value, top.value - bottom.value
    if h <= RULE_THICKNESS and w >= RULE_MIN_LENGTH:
        return 1, 0
    if w <= RULE_THICKNESS and h >= RULE_MIN_LENGTH:
        return 0, 1
    if w < RULE_MIN_LENGTH or h < RULE_MIN_LENGTH:
        return 0, 0
    return _segment_rules(obj, budget)


def _segment_rules(obj: raw.FPDF_PAGEOBJECT, budget: list[int]) -> tuple[int, int]:
    """Count axis-aligned segments of a larger path (a box, or a grid in one path)."""
    n = min(raw.FPDFPath_CountSegments(obj), budget[0])
    budget[0] -= n
    x, y = ctypes.c_float(), ctypes.c_float()
    h = v = 0
    px = py = None
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        if px is not None and raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_LINETO:
            dx, dy = abs(x.value - px), abs(y.value - py)  # type: ignore[operator]
            h += dy <= RULE_THICKNESS and dx >= RULE_MIN_LENGTH
            v += dx <= RULE_THICKNESS and dy >= RULE_MIN_LENGTH
        px, py = x.value, y.value
    return h, v
