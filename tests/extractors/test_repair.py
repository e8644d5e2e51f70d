"""Damaged PDFs that qpdf's recovery can rebuild are read, and marked repaired."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpo.errors import ExtractionError
from kpo.extractors.pdf import extract_document
from kpo.extractors.repair import repaired_pdf
from kpo.pipeline import DocumentProcessor
from kpo.reasons import ReasonCode
from kpo.records import InputFile


def _cut(source: Path, out: Path, share: float) -> Path:
    data = source.read_bytes()
    out.write_bytes(data[: int(len(data) * share)])
    return out


def test_a_file_cut_short_is_read_from_a_repaired_copy(sample_pdf: Path, tmp_path: Path) -> None:
    whole = extract_document(str(sample_pdf), "doc")
    cut = _cut(sample_pdf, tmp_path / "cut.pdf", 0.9)
    document = extract_document(str(cut), "doc")
    assert document.meta.repaired and not whole.meta.repaired
    assert document.pages[0].text == whole.pages[0].text
    assert document.pages[1].tables  # pdfplumber reads the repaired copy too


def test_a_file_cut_before_its_pages_stays_corrupt(sample_pdf: Path, tmp_path: Path) -> None:
    cut = _cut(sample_pdf, tmp_path / "cut.pdf", 0.05)
    assert repaired_pdf(str(cut)) is None
    with pytest.raises(ExtractionError) as caught:
        extract_document(str(cut), "doc")
    assert caught.value.code == ReasonCode.CORRUPT


def test_a_repaired_document_says_so_in_its_result(sample_pdf: Path, tmp_path: Path) -> None:
    cut = _cut(sample_pdf, tmp_path / "cut.pdf", 0.9)
    result = DocumentProcessor(sandbox=False)(InputFile(str(cut), "doc", cut.stat().st_size))
    assert result.status == "ok" and result.meta is not None and result.meta.repaired
    assert result.message is not None and result.message.startswith("E316")


def test_a_damaged_file_whose_name_is_not_utf8_is_repaired(
    sample_pdf: Path, tmp_path: Path
) -> None:
    """Regression (issue 16): pikepdf cannot take such a name; it raised TypeError."""
    cut = _cut(sample_pdf, tmp_path / "cut.pdf", 0.9)
    name = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.pdf")
    os.rename(cut, name)
    assert repaired_pdf(name) is not None
    assert extract_document(name, "doc").meta.repaired
