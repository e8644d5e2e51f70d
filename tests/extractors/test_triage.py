"""triage_file: cheap checks on the bytes before any parser runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.errors import ExtractionError, ReasonCode
from kpo.extractors.triage import triage_file
from kpo.settings import Limits


def _reason(path: Path, limits: Limits | None = None) -> ReasonCode:
    with pytest.raises(ExtractionError) as caught:
        triage_file(str(path), limits or Limits())
    return caught.value.code


def test_good_pdf_passes(sample_pdf: Path) -> None:
    assert triage_file(str(sample_pdf), Limits()) is None


def test_zero_bytes_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"")
    assert _reason(path) == ReasonCode.EMPTY


def test_header_without_objects_is_not_pdf(tmp_path: Path) -> None:
    path = tmp_path / "header_only.pdf"
    path.write_bytes(b"%PDF-1.3\nSecret words of the document.\n%%EOF\n")
    with pytest.raises(ExtractionError) as caught:
        triage_file(str(path), Limits())
    assert caught.value.code == ReasonCode.NOT_PDF
    assert "Secret" not in str(caught.value)  # messages never quote document content


def test_other_format_is_not_pdf(tmp_path: Path) -> None:
    path = tmp_path / "picture.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"1 0 obj" + bytes(100))
    assert _reason(path) == ReasonCode.NOT_PDF


def test_file_over_size_limit_is_too_large(tmp_path: Path, sample_pdf: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(sample_pdf.read_bytes() + bytes(2 * 1024 * 1024))
    assert _reason(path, Limits(max_file_mb=1)) == ReasonCode.TOO_LARGE


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert _reason(tmp_path / "gone.pdf") == ReasonCode.UNREADABLE
