"""Pages scanned sideways or upside down are read upright, their words boxed where the ink is."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from kpo.extractors.ocr import OcrSettings, PixelMap, ocr_engine
from kpo.extractors.ocr_orientation import turned_map
from kpo.extractors.pdf import extract_document
from kpo.records import Word

needs_tesseract = pytest.mark.skipif(
    ocr_engine() is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)
FAST = OcrSettings(dpi=150)
SIZE = (612.0, 792.0)
LINES = (
    "NOTICE OF LOSS AND PROOF OF CLAIM",
    "Claim number CL-2024-00981 under policy HX-445-2231",
    "The insured reports water damage to the kitchen and the hallway",
    "after a pipe burst in the night of the third of March.",
    "The amount claimed is twelve thousand four hundred dollars.",
    "Signed by the claimant at the office of the insurer.",
)


def _text_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=SIZE)
    for i, line in enumerate(LINES):
        c.setFont("Helvetica", 14)
        c.drawString(60, 700 - 28 * i, line)
    c.save()
    return path


def _scan(text_pdf: Path, out: Path, turn: int) -> Path:
    """The page as an image, turned ``turn`` degrees anticlockwise, without /Rotate."""
    doc = pdfium.PdfDocument(str(text_pdf))
    image = doc[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    image.rotate(turn, expand=True).save(out, "PDF", resolution=150.0)
    return out


def _turned(word: Word, turn: int) -> tuple[float, float, float, float]:
    """Where ``word``'s box is on the page turned ``turn`` degrees anticlockwise."""
    w, h = SIZE
    if turn == 180:
        return w - word.x1, h - word.bottom, w - word.x0, h - word.top
    return word.top, w - word.x1, word.bottom, w - word.x0  # 90


@needs_tesseract
@pytest.mark.parametrize("turn", [90, 180])
def test_a_turned_scan_is_read_upright(tmp_path: Path, turn: int) -> None:
    text_pdf = _text_pdf(tmp_path / "text.pdf")
    expected = extract_document(str(text_pdf), "t").pages[0].words
    page = extract_document(str(_scan(text_pdf, tmp_path / "scan.pdf", turn)), "s", ocr=FAST).pages[
        0
    ]
    assert page.text.splitlines() == list(LINES)
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.8
    for got, want in zip(page.words, expected, strict=True):
        x0, top, x1, bottom = _turned(want, turn)
        cx, cy = (got.x0 + got.x1) / 2, (got.top + got.bottom) / 2
        assert x0 - 4 <= cx <= x1 + 4 and top - 4 <= cy <= bottom + 4, (got, want)


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_turned_map_sends_pixels_back_to_the_same_points(angle: int) -> None:
    original = PixelMap((10.0, 20.0), (0.5, 0.0), (0.0, 0.5))
    width, height = 200, 100
    turned = turned_map(original, angle, width, height)
    corner = {90: (height, 0.0), 180: (width, height), 270: (0.0, width)}[angle]
    # the upright image's corner that was the original's top-left pixel
    assert turned(*corner) == pytest.approx(original(0.0, 0.0))
