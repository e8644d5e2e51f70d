"""What a document without a usable text layer reports, with and without a working OCR."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from kpo.extractors import ocr
from kpo.pipeline import DocumentProcessor
from kpo.records import InputFile


@pytest.fixture
def scan(tmp_path: Path) -> InputFile:
    image = Image.new("L", (1275, 1650), 255)
    ImageDraw.Draw(image).text((150, 150), "CLAIM FORM  Policy number 12345", fill=0)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=150.0)
    return InputFile(str(path), "scan", path.stat().st_size)


def test_without_tesseract_the_reason_says_ocr_is_not_available(
    scan: InputFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda cmd="tesseract": None)
    result = DocumentProcessor(sandbox=False)(scan)
    assert (result.status, result.reason) == ("needs_ocr", "needs_ocr")
    assert result.message is not None and result.message.startswith("E311")


def test_when_tesseract_fails_the_reason_says_so(
    scan: InputFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    if ocr.ocr_engine() is None:
        pytest.skip("Tesseract with English data is not installed (make test installs it)")

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("tesseract crashed")

    monkeypatch.setattr(ocr.OcrEngine, "read", fail)
    result = DocumentProcessor(sandbox=False)(scan)
    assert (result.status, result.reason) == ("needs_ocr", "needs_ocr")
    assert result.message is not None and result.message.startswith("E315")
    assert "120.1 s" in result.message  # the limit of a one-page document: 120 s + 0.1 s
