"""A page's chars from pdfium's text page, as pdfplumber's char dicts (for table cells).

pdfplumber's ``Table.extract`` reads chars: text, a box (``x0, top, x1, bottom``) and
``upright``. pdfium's text page has them, with three differences from pdfminer that
matter here:

- it adds chars pdfminer has not: line breaks (left out), and spaces it generates at a
  word gap. A generated space between two chars of one line stands for the gap (it is
  often where pdfium dropped a space glyph that overlapped the next char); other
  generated spaces are left out;
- its boxes are loose boxes (font ascent to descent); on upright text pdfminer's box is
  ``size`` tall from the bottom, as :func:`~kpo.extractors.pdfium_page.page_words` does;
- it reorders right-to-left runs and mirrors their brackets, which pdfminer does not:
  :func:`page_chars` answers None for such text, and the caller asks pdfplumber.

A char the font cannot map is pdfminer's ``(cid:n)``; a char outside the BMP (two
pdfium chars) is one char.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from kpo.extractors.pdfium_page import Geometry

Char = dict[str, Any]  # pdfplumber's char dicts: text, x0, x1, top, bottom, upright, ...
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
# a char code pdfium gives instead of the char: no Unicode, and 0x02 for a hyphen that
# ends a line (the PDF draws "-")
_CODES = {0: "\ufffd", 2: "-"}
_LINE_BREAKS = (10, 13)
_RIGHT_TO_LEFT = ("R", "AL")  # bidirectional classes of Hebrew, Arabic, ...
# page rotation -> the (a, b, c, d) of the turn pdfminer puts in its device matrix
_TURNS = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}


class _Reader:
    """Reads pdfium chars into pdfplumber's char dicts (one text page, reused buffers)."""

    def __init__(self, textpage: pdfium.PdfTextPage, geometry: Geometry) -> None:
        self.textpage, self.geometry = textpage, geometry
        self.count = textpage.count_chars()
        self.turn = _TURNS.get(geometry.rotation, _TURNS[0])
        self.rect, self.matrix = raw.FS_RECTF(), raw.FS_MATRIX()

    def near(self, index: int, area: Box) -> bool:
        """The loose box's centre is within its size of the area (one transform, not two)."""
        rect = self.rect
        raw.FPDFText_GetLooseCharBox(self.textpage, index, rect)
        x, y = self.geometry.to_top_left((rect.left + rect.right) / 2, (rect.bottom + rect.top) / 2)
        m = float(max(rect.top - rect.bottom, rect.right - rect.left))
        return area[0] - m <= x < area[2] + m and area[1] - m <= y < area[3] + m

    def box(self) -> Box:
        """The loose box :meth:`near` read, in pdfplumber's top-left coordinates."""
        rect, g = self.rect, self.geometry
        ax, ay = g.to_top_left(rect.left, rect.bottom)
        bx, by = g.to_top_left(rect.right, rect.top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def text(self, index: int, code: int) -> str:
        if raw.FPDFText_HasUnicodeMapError(self.textpage, index) == 1:
            return f"(cid:{code})"  # pdfium gives the char code itself
        if 0xD800 <= code <= 0xDBFF and index + 1 < self.count:
            low = raw.FPDFText_GetUnicode(self.textpage, index + 1)
            if 0xDC00 <= low <= 0xDFFF:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        return _CODES.get(code, chr(code))

    def char(self, index: int, text: str, box: Box) -> Char:
        """A pdfplumber char: pdfminer's box (``top = bottom - size`` on upright text)."""
        x0, top, x1, bottom = box
        size, upright = self.size_and_upright(index)
        if upright and 0.5 * size <= bottom - top <= 1.6 * size:
            top = bottom - size
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "doctop": top, "width": x1 - x0, "height": bottom - top,
                "size": size, "upright": upright}  # fmt: skip

    def size_and_upright(self, index: int) -> tuple[float, bool]:
        """The rendered size (as a word's ``size``) and pdfminer's ``upright``.

        pdfminer's char matrix has the page's rotation in it; pdfium's has not.
        """
        size, m = float(raw.FPDFText_GetFontSize(self.textpage, index)), self.matrix
        if not raw.FPDFText_GetMatrix(self.textpage, index, m):
            return round(size, 2), True
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
        ra, rb, rc, rd = self.turn
        a, b = m.a * ra + m.b * rc, m.a * rb + m.b * rd
        c, d = m.c * ra + m.d * rc, m.c * rb + m.d * rd
        return round(size * scale if scale > 0 else size, 2), a * d > 0 and b * c <= 0


def page_chars(textpage: pdfium.PdfTextPage, geometry: Geometry, area: Box) -> list[Char] | None:
    """pdfium's chars whose centre lies in ``area``; None if they hold right-to-left text."""
    reader, chars = _Reader(textpage, geometry), list[Char]()
    gap = False  # pdfium generated a space since the last char
    for i in range(reader.count):
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code in _LINE_BREAKS:
            gap = False
        elif code == 32 and raw.FPDFText_IsGenerated(textpage, i) == 1:
            gap = True  # pdfium generates spaces and line breaks only
        elif not 0xDC00 <= code <= 0xDFFF:  # not the second half of a surrogate pair
            char = _char_in(reader, i, code, area)
            if char is not None:
                if unicodedata.bidirectional(char["text"][0]) in _RIGHT_TO_LEFT:
                    return None
                if gap and chars:
                    chars.extend(gap_space(chars[-1], char))
                chars.append(char)
            gap = False
    return chars


def _char_in(reader: _Reader, index: int, code: int, area: Box) -> Char | None:
    """The char if its (pdfminer) centre lies in the area, else None.

    A char whose loose box is further than its size from the area is passed over before
    anything else is read: pdfminer's box moves the centre less than that.
    """
    if not reader.near(index, area):
        return None
    char = reader.char(index, reader.text(index, code), reader.box())
    return char if centre_in((char["x0"], char["top"], char["x1"], char["bottom"]), area) else None


def centre_in(box: Box, area: Box) -> bool:
    """pdfplumber's ``char_in_bbox``: the box's centre is in the area (right, bottom open)."""
    h_mid, v_mid = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= h_mid < area[2] and area[1] <= v_mid < area[3]


def gap_space(before: Char, after: Char) -> list[Char]:
    """A space filling the gap between two chars of one line, left to right; else none."""
    if not before["upright"] or not after["upright"] or after["x0"] < before["x1"] - 0.5:
        return []
    if min(before["bottom"], after["bottom"]) <= max(before["top"], after["top"]):
        return []
    x0, x1 = before["x1"], max(before["x1"], after["x0"])
    return [{**before, "text": " ", "x0": x0, "x1": x1, "width": x1 - x0}]
