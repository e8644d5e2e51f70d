"""Which pages OCR reads first: the front, then the back, then the middle of a scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kpo.extractors import pdf
from kpo.extractors.ocr import OcrResult, OcrSettings
from kpo.extractors.ocr_pages import ocr_order
from kpo.extractors.pdfium_page import Geometry

WIDTHS = (201, 202, 203, 204, 205, 206)  # points: page N of the scan is 200 + N wide


def test_ocr_order_takes_two_from_the_front_for_each_from_the_back() -> None:
    assert ocr_order([1, 2, 3, 4, 5, 6]) == [1, 2, 6, 3, 4, 5]
    assert ocr_order([3, 8, 9]) == [3, 8, 9]
    assert ocr_order([]) == []
    pages = list(range(1, 101))
    first_45 = ocr_order(pages)[:45]
    assert set(range(1, 31)) <= set(first_45) and set(range(86, 101)) <= set(first_45)


class _Recorder:
    """An OCR engine that reads nothing and notes which page (by its width) it was given."""

    def __init__(self) -> None:
        self.read_pages: list[int] = []

    def read(self, page: Any, geometry: Geometry, timeout_s: float) -> OcrResult:
        self.read_pages.append(round(geometry.width) - 200)
        return OcrResult((), "", None)


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    """Six image-only pages (no text layer), each a different width."""
    images = [Image.new("L", (width, 100), color=255) for width in WIDTHS]
    for image in images:
        image.paste(0, (10, 10, 60, 60))  # some ink: the page is a scan, not blank
    out = tmp_path / "scan.pdf"
    images[0].save(out, "PDF", resolution=72.0, save_all=True, append_images=images[1:])
    return out


def test_a_scan_is_read_front_back_then_middle(scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _Recorder()
    monkeypatch.setattr(pdf, "ocr_engine", lambda settings: engine)
    document = pdf.extract_document(str(scan), "s", ocr=OcrSettings())
    assert [p.needs_ocr for p in document.pages] == [False] * 6  # all read (to no words)
    assert engine.read_pages == [1, 2, 6, 3, 4, 5]
