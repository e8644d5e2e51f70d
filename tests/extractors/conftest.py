"""Fixtures for the extractor tests: PDFs written on the fly, a shared sandbox.

Good PDFs are drawn with reportlab; hostile ones (a Flate bomb) are written by
hand. Regenerate nothing: every file is made in a temporary folder per session.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from kpo.extractors.sandbox import ExtractionSandbox
from kpo.settings import Limits

WORDS_PAGE = (  # (text, font, size, x, baseline y in PDF points from the bottom)
    ("Invoice number 4711", "Helvetica", 12, 72, 700),
    ("Payable within thirty days", "Times-Roman", 20, 100, 600),
    ("small print", "Helvetica", 8, 300, 100),
)

TABLE_ROWS = (("Item", "Qty", "Price"), ("Apples", "3", "1.20"), ("Pears", "5", "2.50"))
TITLE = "kpo extractor test"
AUTHOR = "kpo tests"


def write_sample_pdf(path: Path) -> Path:
    """Page 1: words at known places; page 2: a ruled 3x3 table."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setTitle(TITLE)
    c.setAuthor(AUTHOR)
    for text, font, size, x, y in WORDS_PAGE:
        c.setFont(font, size)
        c.drawString(x, y, text)
    c.showPage()
    draw_table(c, 72, 700)
    c.showPage()
    c.save()
    return path


def draw_table(
    c: canvas.Canvas, x: float, y_top: float, width: float = 90, height: float = 20
) -> None:
    """A ruled grid of TABLE_ROWS with its top-left corner at (x, y_top)."""
    rows, cols = len(TABLE_ROWS), len(TABLE_ROWS[0])
    c.setFont("Helvetica", 10)
    xs = [x + i * width for i in range(cols + 1)]
    ys = [y_top - j * height for j in range(rows + 1)]
    c.grid(xs, ys)
    for j, row in enumerate(TABLE_ROWS):
        for i, cell in enumerate(row):
            c.drawString(xs[i] + 4, ys[j] - height + 6, cell)


def write_long_pdf(path: Path, pages: int, table_every: int = 10) -> Path:
    """``pages`` pages of a few lines of text, a ruled table on every ``table_every``-th."""
    c = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 11)
        for line in range(45):
            c.drawString(72, 740 - 15 * line, f"Page {n} line {line} of the long test document.")
        if n % table_every == 0:
            draw_table(c, 350, 400)
        c.showPage()
    c.save()
    return path


def write_flate_bomb(path: Path, inflated_mb: int) -> Path:
    """A one-page PDF whose content stream inflates to ``inflated_mb`` MB of spaces.

    The stream is compressed chunk by chunk, so the test never holds it inflated.
    """
    packer = zlib.compressobj(1)  # fast; spaces still shrink ~200x
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    return _write_pdf(path, stream, b"/Filter /FlateDecode ")


HELVETICA = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def write_text_pdf_with_info(path: Path, info: bytes) -> Path:
    """One page of text, with ``info`` as the document information dictionary."""
    content = b"BT /F1 12 Tf 72 720 Td (Master Services Agreement) Tj ET"
    return _write_pdf(path, content, b"", resources=HELVETICA, info=info)


def _write_pdf(
    path: Path, content: bytes, stream_keys: bytes, *, resources: bytes = b"<< >>",
    info: bytes | None = None,
) -> Path:  # fmt: skip
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
        + resources
        + b" >>",
        b"<< " + stream_keys + b"/Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *([info] if info is not None else []),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info_ref = b" /Info 5 0 R" if info is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_ref,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_pdf(tmp_path_factory.mktemp("pdfs") / "sample.pdf")


@pytest.fixture(scope="session")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """A factory: ``long_pdf(pages)`` writes (once) a long document of that many pages."""
    folder = tmp_path_factory.mktemp("long")

    def make(pages: int) -> Path:
        path = folder / f"long_{pages}.pdf"
        return path if path.exists() else write_long_pdf(path, pages)

    return make


@pytest.fixture(scope="session")
def flate_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page whose content stream inflates to 1 GB (the file is ~5 MB)."""
    return write_flate_bomb(tmp_path_factory.mktemp("bomb") / "bomb.pdf", inflated_mb=1024)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[ExtractionSandbox]:
    with ExtractionSandbox(Limits(timeout_s=30, memory_mb=1024)) as box:
        yield box
