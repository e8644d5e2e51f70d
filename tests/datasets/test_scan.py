"""Scanned variants: image-only PDFs of the same pages, same labels, boxes rotated."""

from __future__ import annotations

import math
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import read_labels
from kpo.datasets.scan import MAX_ANGLE, ScanPage, make_scanned, rotate_box
from kpo.extractors.ocr import OcrSettings, ocr_engine
from kpo.extractors.pdf import extract_document


def _page_facts(path: Path) -> list[tuple[float, float, int]]:
    """(width, height, chars in the text layer) per page."""
    doc = pdfium.PdfDocument(str(path))
    try:
        return [(*page.get_size(), page.get_textpage().count_chars()) for page in doc]
    finally:
        doc.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan")
    generate_corpus(out, 4, seed=11, types=("claim", "other"), scanned_share=1.0)
    return out


def test_scanned_variant_has_no_text_layer_and_the_same_pages(corpus: Path) -> None:
    records = read_labels(corpus / "labels.jsonl")
    originals = {r.file: r for r in records if not r.scanned}
    scans = [r for r in records if r.scanned]
    assert len(scans) == len(originals) == 4
    for scan in scans:
        original = originals[scan.file.replace("_scan.pdf", ".pdf")]
        assert (scan.fields, scan.doc_type, scan.split) == (
            original.fields, original.doc_type, original.split,
        )  # fmt: skip
        assert scan.boxes.keys() == original.boxes.keys()
        before, after = (
            _page_facts(corpus / "pdfs" / original.file),
            _page_facts(corpus / "pdfs" / scan.file),
        )
        assert len(before) == len(after)
        for (w0, h0, chars), (w1, h1, scan_chars) in zip(before, after, strict=True):
            assert chars > 0 and scan_chars == 0
            assert w1 == pytest.approx(w0, abs=1.0) and h1 == pytest.approx(h0, abs=1.0)


def test_make_scanned_is_a_pure_function_of_the_seed(corpus: Path, tmp_path: Path) -> None:
    source = next((corpus / "pdfs" / "claim").glob("*[0-9].pdf"))
    a = make_scanned(source, tmp_path / "a" / "scan.pdf", seed=3)
    b = make_scanned(source, tmp_path / "b" / "scan.pdf", seed=3)
    c = make_scanned(source, tmp_path / "c" / "scan.pdf", seed=4)
    assert (tmp_path / "a" / "scan.pdf").read_bytes() == (tmp_path / "b" / "scan.pdf").read_bytes()
    assert a == b and a != c
    assert all(abs(p.angle) <= MAX_ANGLE for p in a + c)


def test_rotate_box_turns_about_the_page_centre() -> None:
    box = (1.0, 100.0, 200.0, 140.0, 210.0)
    assert rotate_box(box, ScanPage(600, 800, 0.0)) == box
    turned = rotate_box(box, ScanPage(600, 800, 1.5))
    # left of and above the centre, turned anticlockwise: the box moves down and left
    assert turned[0] == 1.0 and turned[2] > box[2] and turned[1] < box[1] + 1
    width = (turned[3] - turned[1]) * math.cos(math.radians(1.5))
    assert width == pytest.approx(40.0, abs=3.0)


@pytest.mark.skipif(ocr_engine() is None, reason="Tesseract is not installed")
def test_ocr_reads_the_gold_values_of_a_scanned_claim(corpus: Path) -> None:
    codes = ("claim_number", "policy_number")
    records = read_labels(corpus / "labels.jsonl")
    scan = next(r for r in records if r.scanned and any(k in r.fields for k in codes))
    path = str(corpus / "pdfs" / scan.file)
    pages = extract_document(path, "x", ocr=OcrSettings(dpi=200)).pages
    assert {p.source for p in pages} == {"ocr"}
    text = "\n".join(p.text for p in pages)
    assert all(str(v) in text for k, v in scan.fields.items() if k in codes)
