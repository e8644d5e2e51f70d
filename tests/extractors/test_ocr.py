"""OCR of pages without a usable text layer: detection, words and boxes, no Tesseract.

The image-only PDFs are made here: reportlab draws words at known places, pdfium
renders the page, Pillow writes the image as a PDF without a text layer. The same
page with its text layer gives the boxes the OCR words must land on.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from kpo.extractors import ocr
from kpo.extractors.ocr import OcrSettings, ocr_engine, tesseract_path
from kpo.extractors.ocr_pages import ocr_reason, with_ocr
from kpo.extractors.pdf import extract_document
from kpo.extractors.pdfium_page import Graphics
from kpo.extractors.sandbox import extract_in_process
from kpo.records import ExtractedDocument, InputFile, Page, Word

needs_tesseract = pytest.mark.skipif(
    tesseract_path() is None or ocr_engine() is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)
FAST = OcrSettings(dpi=150)
PAGE = (360, 240)  # points: a small page OCRs in well under a second
NOISY = "Tbe qu1ck brown f*x jumps. " * 10
SCAN_WITH_OCR_LAYER = Graphics(images=1, image_share=1.0, texts=9, invisible_texts=9)
LINES = (("INVOICE 4711", 40, 180, 24), ("Payable within thirty days", 40, 100, 16))


def _text_pdf(path: Path, *, rotate: int = 0) -> Path:
    """LINES drawn upright as displayed; with ``rotate`` the page says /Rotate."""
    width, height = PAGE if rotate == 0 else PAGE[::-1]
    c = canvas.Canvas(str(path), pagesize=(width, height))
    if rotate == 90:  # drawn a quarter turn anticlockwise: upright once the page turns
        c.translate(width, 0)
        c.rotate(90)
    for text, x, y, size in LINES:
        c.setFont("Helvetica", size)
        c.drawString(x, y, text)
    c.save()
    if rotate:
        doc = pdfium.PdfDocument(str(path))
        doc[0].set_rotation(rotate)
        doc.save(str(path))
        doc.close()
    return path


def _image_pdf(text_pdf: Path, out: Path, dpi: int = 150) -> Path:
    """The same page as an image without a text layer, keeping its /Rotate."""
    doc = pdfium.PdfDocument(str(text_pdf))
    page = doc[0]
    rotation = page.get_rotation()
    page.set_rotation(0)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    image.save(out, "PDF", resolution=float(dpi))
    if rotation:
        rotated = pdfium.PdfDocument(str(out))
        rotated[0].set_rotation(rotation)
        rotated.save(str(out) + ".tmp")
        rotated.close()
        Path(str(out) + ".tmp").replace(out)
    return out


def _near(ocr_word: Word, layer_word: Word, tolerance: float = 6.0) -> bool:
    """Same left and right edges; the ink box inside the font's box (ascent to descent)."""
    a, b = ocr_word, layer_word
    across = abs(a.x0 - b.x0) <= tolerance and abs(a.x1 - b.x1) <= tolerance
    return across and b.top - tolerance <= a.top < a.bottom <= b.bottom + tolerance


@needs_tesseract
@pytest.mark.parametrize("rotate", [0, 90])
def test_image_page_gives_ocr_words_where_they_were_drawn(tmp_path: Path, rotate: int) -> None:
    text_pdf = _text_pdf(tmp_path / "text.pdf", rotate=rotate)
    image_pdf = _image_pdf(text_pdf, tmp_path / "scan.pdf")
    expected = extract_document(str(text_pdf), "t").pages[0].words
    page = extract_document(str(image_pdf), "s", ocr=FAST).pages[0]
    assert (page.source, page.needs_ocr, page.ocr_reason) == ("ocr", False, "no_text_layer")
    assert [w.text for w in page.words] == [w.text for w in expected]
    for got, want in zip(page.words, expected, strict=True):
        assert _near(got, want), (got, want)
        assert got.conf is not None and 0.5 < got.conf <= 1.0
    assert page.text.splitlines() == [line[0] for line in LINES]
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.5


def test_without_tesseract_pages_stay_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda cmd="tesseract": None)
    image_pdf = _image_pdf(_text_pdf(tmp_path / "text.pdf"), tmp_path / "scan.pdf")
    size = image_pdf.stat().st_size
    document = extract_in_process(InputFile(str(image_pdf), "doc", size), ocr=FAST)
    assert isinstance(document, ExtractedDocument)
    page = document.pages[0]
    assert (page.needs_ocr, page.ocr_reason, page.source, page.words) == (
        True, "no_text_layer", "none", (),
    )  # fmt: skip
    assert document.needs_ocr


def test_missing_languages_mean_no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda cmd="tesseract": "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "installed_languages", lambda path: frozenset({"osd"}))
    assert ocr_engine(OcrSettings(languages="eng+deu")) is None


@pytest.mark.parametrize(
    ("text", "graphics", "expected"),
    [
        ("".join(map(chr, range(0xE001, 0xE00D))), Graphics(), "unmappable_text"),
        (" ".join(["(cid:12)(cid:7)(cid:40)"] * 10), Graphics(), "unmappable_text"),
        (" ".join(["#$%&'", "*+,-/<>", "=@^~|"] * 10), Graphics(), "garbled_text"),
        ("Received 2024-03-01 page 1", Graphics(images=1, image_share=0.95), "sparse_text"),
        ("A clean paragraph of ordinary words. " * 20, Graphics(images=1, image_share=1.0), None),
        ("A clean paragraph of ordinary words. " * 2, Graphics(images=1, image_share=0.1), None),
        ("  ", Graphics(images=1, image_share=1.0), "no_text_layer"),
        ("  ", Graphics(), None),
        (NOISY, SCAN_WITH_OCR_LAYER, "noisy_ocr_layer"),
        (NOISY, replace(SCAN_WITH_OCR_LAYER, invisible_texts=0), None),  # visible: born digital
    ],
)  # fmt: skip
def test_ocr_reason_per_page(text: str, graphics: Graphics, expected: str | None) -> None:
    assert ocr_reason(text, graphics) == expected


def _ocr_result(words: tuple[Word, ...]) -> ocr.OcrResult:
    return ocr.OcrResult(words, " ".join(w.text for w in words), 0.9)


def test_sparse_page_keeps_its_layer_and_adds_ocr_words_elsewhere() -> None:
    stamp = Word("RECEIVED", 10, 10, 60, 20, 10)
    page = Page(1, 300, 300, "RECEIVED", (stamp,), needs_ocr=True, ocr_reason="sparse_text")
    same = Word("RECEIVED", 11, 10, 59, 21, 10, conf=0.8)
    new = Word("Invoice", 10, 100, 60, 112, 12, conf=0.9)
    out = with_ocr(page, _ocr_result((same, new)))
    assert out.words == (stamp, new)
    assert (out.source, out.needs_ocr, out.ocr_confidence) == ("ocr", False, 0.9)
    assert out.text.split() == ["RECEIVED", "Invoice"]


def test_garbled_layer_is_kept_when_ocr_reads_no_better() -> None:
    soup = "#$%& *+,- <>=@ " * 10
    page = Page(1, 300, 300, soup, (), needs_ocr=True, ocr_reason="garbled_text")
    out = with_ocr(page, _ocr_result((Word("~|^", 0, 0, 9, 9, 9, conf=0.2),)))
    assert (out.text, out.source, out.needs_ocr) == (soup, "pdfium", False)
    better = with_ocr(page, _ocr_result((Word("Invoice", 0, 0, 9, 9, 9, conf=0.9),)))
    assert (better.text, better.source) == ("Invoice", "ocr")


def test_page_graphics_measure_image_cover(tmp_path: Path) -> None:
    image_pdf = _image_pdf(_text_pdf(tmp_path / "text.pdf"), tmp_path / "scan.pdf")
    from kpo.extractors.pdfium_page import page_graphics

    doc = pdfium.PdfDocument(str(image_pdf))
    try:
        graphics = page_graphics(doc[0])
    finally:
        doc.close()
    assert graphics.images == 1
    assert graphics.image_share == pytest.approx(1.0, abs=0.02)
