"""pdfium_paths.page_edges: the edges pdfplumber's ``page.edges`` gives, path by path.

Each case is one content stream, written by hand so that pdfium and pdfminer read the
same operators; the two lists of edges must hold the same edges (kind, orientation,
box), the slanted ones pdfplumber's table finder drops aside.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest

from kpo.extractors.pdfium_paths import Matrix, page_edges

from .table_pdfs import write_pdf

PATHS = {
    "line": b"72 700 m 300 700 l S",
    "closed-line": b"72 700 m 300 700 l h S",  # pdfminer: one line, not a curve there and back
    "slanted-line": b"72 700 m 300 650 l S",  # pdfplumber calls it vertical
    "rect": b"72 600 228 100 re f",
    "rect-by-lines": b"72 600 m 300 600 l 300 700 l 72 700 l h S",
    "rect-closed-by-a-line": b"72 600 m 300 600 l 300 700 l 72 700 l 72 600 l S",
    "triangle": b"72 600 m 300 600 l 300 700 l h S",  # a curve: its edges point to point
    "curve": b"72 600 m 72 650 l 72 680 100 700 130 700 c 300 700 l S",
    "subpaths": b"72 600 m 300 600 l 72 650 m 300 650 l 72 700 m 72 500 l S",
    "thin-filled-rect": b"72 600 228 0.5 re f",
    "in-cm": b"q 0.5 0 0 2 10 20 cm 72 200 m 300 200 l 100 100 228 50 re S Q",
}


def edges(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    keys = ("x0", "top", "x1", "bottom")
    kept = [e for e in found if e["orientation"] in ("h", "v")]
    rows = [(e["object_type"], e["orientation"], *(round(e[k], 3) for k in keys)) for e in kept]
    return sorted(rows)


@pytest.mark.parametrize("content", PATHS.values(), ids=PATHS.keys())
def test_edges_are_pdfplumbers(tmp_path: Path, content: bytes) -> None:
    path = write_pdf(tmp_path / "path.pdf", content)
    with pdfplumber.open(path) as pdf:
        theirs = edges(pdf.pages[0].edges)
    doc = pdfium.PdfDocument(str(path))
    try:
        ours = page_edges(doc[0])
    finally:
        doc.close()
    assert ours is not None and theirs
    assert edges(ours) == theirs


def test_a_matrix_then_another_is_pdfs_product() -> None:
    scale, move = Matrix(2, 0, 0, 3, 0, 0), Matrix(1, 0, 0, 1, 10, 20)
    assert scale.then(move).apply(1, 1) == (12, 23)  # scaled first, then moved
    assert move.then(scale).apply(1, 1) == (22, 63)
