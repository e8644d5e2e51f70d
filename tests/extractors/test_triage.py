"""triage_file: cheap checks on the bytes before any parser runs."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from kpo.errors import ExtractionError
from kpo.extractors.triage import triage_file
from kpo.reasons import ReasonCode
from kpo.settings import Limits


def _reason(path: Path, limits: Limits | None = None) -> ReasonCode:
    return _refusal(path, limits).code


def _refusal(path: Path, limits: Limits | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        triage_file(str(path), limits or Limits())
    return caught.value


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


def test_stored_zip_of_pdfs_is_not_pdf(tmp_path: Path, sample_pdf: Path) -> None:
    """A stored zip shows %PDF and objects in its first bytes; it is still no PDF."""
    path = tmp_path / "two.pdf"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.write(sample_pdf, "first.pdf")
        archive.write(sample_pdf, "second.pdf")
    assert b"%PDF" in path.read_bytes()[:1024]
    refusal = _refusal(path)
    assert refusal.code == ReasonCode.NOT_PDF
    assert str(refusal).startswith("E321 The file is a ZIP archive")


@pytest.mark.parametrize(
    "start", [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"], ids=["local", "empty", "split"]
)
def test_zip_magic_is_not_pdf_even_with_pdf_bytes_after_it(
    tmp_path: Path, sample_pdf: Path, start: bytes
) -> None:
    path = tmp_path / "archive.pdf"
    path.write_bytes(start + b"name.pdf" + sample_pdf.read_bytes())
    refusal = _refusal(path)
    assert (refusal.code, str(refusal)[:4]) == (ReasonCode.NOT_PDF, "E321")


def test_pdf_with_junk_before_its_header_still_passes(tmp_path: Path, sample_pdf: Path) -> None:
    path = tmp_path / "junk_first.pdf"
    path.write_bytes(b"PK junk that is no zip\n" + sample_pdf.read_bytes())
    assert triage_file(str(path), Limits()) is None


@pytest.mark.timeout(30)  # a regression would block on open() forever
def test_named_pipe_is_refused_without_opening(tmp_path: Path) -> None:
    path = tmp_path / "pipe.pdf"
    os.mkfifo(path)
    refusal = _refusal(path)
    assert refusal.code == ReasonCode.NOT_REGULAR
    assert "named pipe (FIFO)" in str(refusal)


@pytest.mark.timeout(30)
def test_device_is_refused_without_opening() -> None:
    assert _reason(Path("/dev/zero")) == ReasonCode.NOT_REGULAR
