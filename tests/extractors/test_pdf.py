"""extract_document: words, boxes, tables, metadata and the reasons it raises."""

from __future__ import annotations

import resource
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import psutil
import pytest

from kpo.errors import ExtractionError
from kpo.extractors import pdf as pdf_module
from kpo.extractors.pdf import extract_document, ocr_reason
from kpo.extractors.pdfium_page import Graphics
from kpo.reasons import ReasonCode
from kpo.records import ExtractedDocument, Word

from .conftest import write_text_pdf_with_info


@pytest.fixture(scope="module")
def sample(sample_pdf: Path) -> ExtractedDocument:
    document: ExtractedDocument = extract_document(str(sample_pdf), "doc-1")
    return document


def _plumber_words(path: Path, page_index: int) -> list[dict[str, object]]:
    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[page_index].extract_words(extra_attrs=["size"]))


def test_text_and_words_of_a_plain_page(sample: ExtractedDocument) -> None:
    page = sample.pages[0]
    assert page.source == "pdfium"
    assert "Invoice number 4711" in page.text and "\r" not in page.text
    texts = [w.text for w in page.words]
    assert texts == [
        "Invoice",
        "number",
        "4711",
        "Payable",
        "within",
        "thirty",
        "days",
        "small",
        "print",
    ]
    sizes = {w.text: w.size for w in page.words}
    assert sizes["Invoice"] == pytest.approx(12) and sizes["days"] == pytest.approx(20)
    assert sizes["print"] == pytest.approx(8)


def test_word_boxes_match_pdfplumber_within_a_point(
    sample_pdf: Path, sample: ExtractedDocument
) -> None:
    ours = sample.pages[0].words
    theirs = _plumber_words(sample_pdf, 0)
    assert [w.text for w in ours] == [w["text"] for w in theirs]
    for word, ref in zip(ours, theirs, strict=True):
        for key in ("x0", "top", "x1", "bottom", "size"):
            assert getattr(word, key) == pytest.approx(ref[key], abs=1.0), (word, key)


def test_boxes_are_in_top_left_coordinates(sample: ExtractedDocument) -> None:
    page = sample.pages[0]
    first: Word = page.words[0]
    assert (page.width, page.height) == (612, 792)
    assert first.x0 == pytest.approx(72, abs=0.5)
    assert first.bottom == pytest.approx(792 - 700, abs=3)  # baseline 700 pt from the bottom
    assert first.top < first.bottom


def test_ruled_table_comes_out_as_rows(sample: ExtractedDocument) -> None:
    page = sample.pages[1]
    assert page.source == "pdfium"  # pdfium_tables found the table: the page keeps its words
    assert len(page.tables) == 1
    table = page.tables[0]
    assert table.page_number == 2 and table.index == 0
    assert table.rows == (("Item", "Qty", "Price"), ("Apples", "3", "1.20"), ("Pears", "5", "2.50"))
    assert table.bbox.x0 == pytest.approx(72, abs=1) and table.bbox.x1 == pytest.approx(342, abs=1)
    assert "Apples" in [w.text for w in page.words]


def test_page_without_rules_skips_pdfplumber(sample: ExtractedDocument) -> None:
    assert sample.pages[0].tables == ()


def test_metadata(sample_pdf: Path, sample: ExtractedDocument) -> None:
    meta = sample.meta
    header_version = sample_pdf.read_bytes()[5:8].decode()  # "%PDF-1.x"
    assert meta.page_count == 2 == len(sample.pages)
    assert meta.title == "kpo extractor test" and meta.author == "kpo tests"
    assert meta.producer and "ReportLab" in meta.producer
    assert meta.encrypted is False and meta.pdf_version == header_version
    assert [p.page_number for p in sample.pages] == [1, 2]


def test_too_many_pages(sample_pdf: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_document(str(sample_pdf), "d", max_pages=1)
    assert caught.value.code == ReasonCode.TOO_LARGE and "E307" in str(caught.value)


def test_garbage_after_header_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\n" + bytes(range(256)) * 8)
    with pytest.raises(ExtractionError) as caught:
        extract_document(str(path), "d")
    assert caught.value.code == ReasonCode.CORRUPT


@pytest.mark.parametrize(
    ("text", "graphics", "expected"),
    [
        ("", Graphics(images=1), "no_text_layer"),
        ("  3 \n", Graphics(images=2), "no_text_layer"),
        ("", Graphics(), None),
        (
            "\ue001\ue002\ue003 \ufffd\ufffd\x01\x02\x03\x04\x05\x06 ab",
            Graphics(),
            "unmappable_text",
        ),
        ("A normal sentence of plain words.", Graphics(images=3), None),
    ],
)
def test_ocr_reason(text: str, graphics: Graphics, expected: str | None) -> None:
    assert ocr_reason(text, graphics) == expected


# ru_maxrss only grows: the pdfium run first, then the pdfplumber one (which peaks higher)
@pytest.mark.parametrize("tables_by", ["pdfium", "pdfplumber"])
def test_memory_stays_flat_over_500_pages(
    long_pdf: Callable[[int], Path], monkeypatch: pytest.MonkeyPatch, tables_by: str
) -> None:
    path = long_pdf(500)
    if tables_by == "pdfplumber":  # every table page handed back to pdfplumber
        monkeypatch.setattr(pdf_module, "find_tables", lambda *args: None)
    before = psutil.Process().memory_info().rss
    document = extract_document(str(path), "long")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    assert len(document.pages) == 500
    table_pages = [p for p in document.pages if p.tables]
    assert len(table_pages) == 50 and all(p.source == tables_by for p in table_pages)
    # Measured: ~65 MB (the 200k words themselves) when pdfplumber pages are closed,
    # ~250 MB when they are not (~4 MB cached per parsed page, 50 such pages here).
    assert peak - before < 160 * 1024 * 1024


def test_a_file_pdfplumber_fails_to_close_is_still_extracted(
    sample_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pdfplumber re-parses every page when it closes a document: on a damaged file that
    # raises, after pdfium has already read the pages
    def broken_close(self: pdfplumber.pdf.PDF) -> None:
        raise pdfplumber.utils.exceptions.PdfminerException("Invalid dictionary construct")

    streams = []
    opened = pdfplumber.open

    def tracked_open(path: str) -> pdfplumber.pdf.PDF:
        pdf = opened(path)
        streams.append(pdf.stream)
        return pdf

    monkeypatch.setattr(pdfplumber.pdf.PDF, "close", broken_close)
    monkeypatch.setattr(pdfplumber, "open", tracked_open)
    monkeypatch.setattr(pdf_module, "find_tables", lambda *args: None)  # pdfplumber's page
    document = extract_document(str(sample_pdf), "doc")
    assert len(document.pages) == 2 and document.pages[1].tables
    assert streams and all(stream.closed for stream in streams)


def test_a_damaged_information_dictionary_loses_only_its_entry(tmp_path: Path) -> None:
    # a UTF-16 title with an unpaired surrogate: pypdfium2 cannot decode it
    info = b"<< /Title <FEFFD800> /Producer (kpo tests) >>"
    path = write_text_pdf_with_info(tmp_path / "info.pdf", info)
    document = extract_document(str(path), "doc")
    assert document.meta.title is None and document.meta.producer == "kpo tests"
    assert "Master Services Agreement" in document.pages[0].text
