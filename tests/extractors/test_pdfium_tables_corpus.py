"""The real corpus: pdfium_tables gives pdfplumber's tables (skipped without the corpus).

On every page whose rules look like a table grid (the pages the pipeline asks a table
finder about), each of pdfplumber's tables must come out of pdfium_tables with the same
grid and the same text in every cell, compared without white space: pdfium places a
word gap where a PDF has no space glyph, and drops a space glyph that overlaps the next
char, where pdfminer does the opposite (benchmarks/bench_tables.py lists them). Pages
it hands back (None) are read by pdfplumber in the pipeline and are not compared.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kpo.extractors.pdfium_page import page_graphics
from kpo.records import Table

from .table_pdfs import pdfium_tables, plumber_tables

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def table_pages(path: Path) -> list[int]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [n + 1 for n in range(len(doc)) if page_graphics(doc[n]).probably_has_table]
    finally:
        doc.close()


def cells(table: Table) -> list[list[str | None]]:
    def fold(cell: str | None) -> str | None:
        return None if cell is None else "".join(unicodedata.normalize("NFKC", cell).split())

    return [[fold(cell) for cell in row] for row in table.rows]


def test_pdfium_tables_agree_with_pdfplumber_on_the_corpus(corpus: Path) -> None:
    same = compared = 0
    for path in sorted((corpus / "pdfs").glob("*/*.pdf")):
        for number in table_pages(path):
            ours = pdfium_tables(path, number)
            if ours is None:
                continue
            theirs = plumber_tables(path, number)
            compared += len(theirs)
            same += sum(cells(a) == cells(b) for a, b in zip(ours, theirs, strict=False))
    assert compared >= 20, "too few ruled tables to compare"
    assert same >= 0.95 * compared, f"{same} of {compared} tables the same"
