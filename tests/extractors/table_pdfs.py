"""Tiny one-page PDFs with ruled tables, for comparing pdfium_tables with pdfplumber.

Most are drawn with reportlab; the few that need exact numbers in the content stream
or fonts reportlab does not write (a ToUnicode map, a CID font without one) are
written byte by byte. Nothing is stored: each test writes its files into tmp_path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from kpo.extractors.pdfium_page import page_geometry
from kpo.extractors.pdfium_tables import find_tables
from kpo.extractors.plumber_page import table_record
from kpo.records import Table

GRID_ROWS = (("Item", "Qty", "Price"), ("Apples", "3", "1.20"))
# a ruled 2x2 grid (x 72..200, y 600..640 from the bottom) for the hand-written PDFs
GRID = b"72 600 m 200 600 l 200 640 l 72 640 l h S 72 620 m 200 620 l S 136 600 m 136 640 l S\n"


def plumber_tables(path: Path, page_number: int = 1) -> tuple[Table, ...]:
    with pdfplumber.open(path) as pdf:
        found = pdf.pages[page_number - 1].find_tables()
        return tuple(table_record(page_number, i, t) for i, t in enumerate(found))


def pdfium_tables(path: Path, page_number: int = 1, **kwargs: int) -> tuple[Table, ...] | None:
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[page_number - 1]
        textpage = page.get_textpage()
        return find_tables(page, textpage, page_geometry(page), page_number, **kwargs)
    finally:
        doc.close()


def _canvas(path: Path) -> canvas.Canvas:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    return c


def draw_grid(c: canvas.Canvas, rows: Sequence[Sequence[str]], x: float, y_top: float) -> None:
    """Rows of text in a ruled grid of 90 x 20 pt cells, its top-left corner at (x, y_top)."""
    xs = [x + 90 * i for i in range(len(rows[0]) + 1)]
    ys = [y_top - 20 * j for j in range(len(rows) + 1)]
    c.grid(xs, ys)
    for j, row in enumerate(rows):
        for i, text in enumerate(row):
            c.drawString(xs[i] + 4, ys[j] - 14, text)


def write_grid(path: Path, *, rotate: int = 0) -> Path:
    c = _canvas(path)
    c.setPageRotation(rotate)
    draw_grid(c, GRID_ROWS, 72, 700)
    c.save()
    return path


def write_text_only(path: Path) -> Path:
    c = _canvas(path)
    for n, line in enumerate(("Item Qty Price", "Apples 3 1.20", "Pears 5 2.50")):
        c.drawString(72, 700 - 14 * n, line)
    c.line(72, 650, 300, 650)  # one rule: no grid
    c.save()
    return path


def write_merged(path: Path) -> Path:
    """A 3x3 grid whose first row is one cell across all three columns."""
    c = _canvas(path)
    xs, ys = [72, 162, 252, 342], [700, 680, 660, 640]
    c.rect(72, 640, 270, 60)
    for y in ys[1:3]:
        c.line(72, y, 342, y)
    for x in xs[1:3]:
        c.line(x, 640, x, 680)  # the inner columns stop under the first row
    c.drawString(76, 686, "Quarterly totals")
    for j, row in enumerate((("North", "12", "14"), ("South", "9", ""))):
        for i, text in enumerate(row):
            c.drawString(xs[i] + 4, ys[j + 1] - 14, text)
    c.save()
    return path


def write_thin_rects(path: Path) -> Path:
    """A grid drawn with filled rectangles 0.5 pt thick, no stroked line."""
    c = _canvas(path)
    for y in (700, 680, 660):
        c.rect(72, y, 270, 0.5, stroke=0, fill=1)
    for x in (72, 162, 252, 342):
        c.rect(x, 660, 0.5, 40, stroke=0, fill=1)
    c.drawString(76, 686, "thin")
    c.drawString(166, 666, "rules")
    c.save()
    return path


def write_rounded(path: Path) -> Path:
    """A table in a rounded box: its sides are curves' straight pieces."""
    c = _canvas(path)
    c.roundRect(72, 640, 270, 60, 6)
    c.line(72, 670, 342, 670)
    for x in (162, 252):
        c.line(x, 640, x, 700)
    c.drawString(166, 680, "rounded")
    c.save()
    return path


def write_in_forms(path: Path, depth: int, *, scale: float = 1.0) -> Path:
    """The grid inside ``depth`` nested form XObjects, the outermost scaled."""
    c = _canvas(path)
    c.beginForm("form0")
    draw_grid(c, GRID_ROWS, 0, 40)
    c.endForm()
    for n in range(1, depth):
        c.beginForm(f"form{n}")
        c.doForm(f"form{n - 1}")
        c.endForm()
    c.translate(100, 500)
    c.scale(scale, scale)
    c.doForm(f"form{depth - 1}")
    c.save()
    return path


def write_pdf(
    path: Path, content: bytes, fonts: bytes = b"", objects: Sequence[bytes] = ()
) -> Path:
    """One 612x792 page with ``content``; ``fonts`` the /Font dictionary's entries, which
    may name ``objects`` (numbered from 5)."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    page += b"/Resources << /Font << " + fonts + b" >> >> >>"
    body = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page, _stream(content), *objects]  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, text in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def box(x0: float, y0: float, x1: float, y1: float) -> bytes:
    """A stroked rectangle through its four corners, the numbers written as given."""
    corners = (x0, y0, x1, y0, x1, y1, x0, y1)
    return b"%s %s m %s %s l %s %s l %s %s l h S\n" % tuple(str(v).encode() for v in corners)


def write_boxes_a_tolerance_apart(path: Path) -> Path:
    """Two columns of two boxes, 3 pt apart: pdfplumber snaps the near sides together.

    125.02 and 128.02 are 3 apart as decimals, but more than 3 apart as the 32-bit
    floats pdfium keeps (125.0199966..., 128.0200042...).
    """
    content = b"".join(
        box(x, 115.78, x + 9.24, 125.02) + box(x, 128.02, x + 9.24, 137.26) for x in (24.84, 62.04)
    )
    return write_pdf(path, content)


def write_mapped_in_grid(path: Path, unicode_of_a: bytes, unicode_of_b: bytes) -> Path:
    """Helvetica's A and B, mapped by a ToUnicode map to the UTF-16BE hex given, in a cell."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /kpo-test "
            b"def /CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar "
            b"<41> <%s> <42> <%s> endbfchar endcmap CMapName currentdict /CMap defineresource "
            b"pop end end") % (unicode_of_a, unicode_of_b)  # fmt: skip
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    text = b"BT /F1 10 Tf 80 625 Td (AB) Tj ET"
    return write_pdf(path, GRID + text, b"/F1 5 0 R", [font, _stream(cmap)])


def write_hebrew_in_grid(path: Path) -> Path:
    """Two Hebrew letters (alef, bet) in a ruled cell."""
    return write_mapped_in_grid(path, b"05D0", b"05D1")


def write_hyphenated(path: Path) -> Path:
    """A word broken with a hyphen over two lines of one ruled cell."""
    c = _canvas(path)
    c.grid([72, 200, 300], [700, 660, 640])
    c.drawString(76, 688, "Termi-")
    c.drawString(76, 676, "nation")
    c.save()
    return path


def write_unmapped_cid_text(path: Path) -> Path:
    """Two chars of a CID font (Identity-H) without a ToUnicode map, in a ruled cell."""
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Foo /Encoding /Identity-H "
    font += b"/DescendantFonts [6 0 R] >>"
    cid_font = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Foo /CIDSystemInfo "
                b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                b"/FontDescriptor 7 0 R /DW 600 >>")  # fmt: skip
    descriptor = (b"<< /Type /FontDescriptor /FontName /Foo /Flags 4 /ItalicAngle 0 "
                  b"/FontBBox [0 -200 1000 800] /Ascent 800 /Descent -200 /CapHeight 700 "
                  b"/StemV 80 >>")  # fmt: skip
    text = b"BT /F1 10 Tf 80 625 Td <00410042> Tj ET"
    return write_pdf(path, GRID + text, b"/F1 5 0 R", [font, cid_font, descriptor])


def write_words_without_space(path: Path) -> Path:
    """The words New and Orleans 2 pt apart in a ruled cell, no space glyph between them."""
    text = b"BT /F1 10 Tf 80 625 Td [(New) -200 (Orleans)] TJ ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return write_pdf(path, GRID + text, b"/F1 5 0 R", [font])
