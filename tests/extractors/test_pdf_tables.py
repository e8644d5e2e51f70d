"""extract_document's tables: pdfium_tables first, pdfplumber for the pages it hands back."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from kpo.extractors import pdf as pdf_module
from kpo.extractors.pdf import extract_document

from .conftest import TABLE_ROWS
from .table_pdfs import plumber_tables, write_hebrew_in_grid


def _no_pdfplumber(*args: object, **kwargs: object) -> None:
    raise AssertionError("pdfplumber was opened")


def test_tables_pdfium_reads_need_no_pdfplumber(
    sample_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfplumber, "open", _no_pdfplumber)
    page = extract_document(str(sample_pdf), "doc").pages[1]
    assert page.tables[0].rows == TABLE_ROWS
    assert page.source == "pdfium" and "Apples" in [w.text for w in page.words]


def test_a_page_pdfium_cannot_read_goes_to_pdfplumber(tmp_path: Path) -> None:
    path = write_hebrew_in_grid(tmp_path / "hebrew.pdf")  # right-to-left text in a table
    page = extract_document(str(path), "doc").pages[0]
    assert page.tables == plumber_tables(path) != ()
    assert page.source == "pdfplumber"  # and the page's words are pdfplumber's, as before


def test_a_failing_pdfium_finder_hands_the_page_to_pdfplumber(
    sample_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("an edge pdfplumber's functions reject")

    monkeypatch.setattr(pdf_module, "find_tables", broken)
    page = extract_document(str(sample_pdf), "doc").pages[1]
    assert page.tables == plumber_tables(sample_pdf, 2) != ()
    assert page.source == "pdfplumber"
