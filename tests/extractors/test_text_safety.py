"""Text leaves the extractors as valid UTF-8 (issue 16).

A paper with mathematical alphanumeric symbols (outside the BMP) comes out of pdfium
as UTF-16 surrogate pairs; a text layer whose ToUnicode map names a control
character or half a surrogate pair gives those too. Both are generated here: the
paper by ``kpo.datasets.math_paper``, the hostile layer by rewriting its map.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from kpo.datasets.blocks import Layout, TableBlock
from kpo.datasets.generator import render
from kpo.datasets.math_paper import (
    BOLD,
    DOUBLE_STRUCK,
    FAMILY,
    ITALIC,
    TITLE_SUFFIX,
    mend_to_unicode,
    styled,
    write_math_paper,
)
from kpo.datasets.spec import DocSpec, Gold, para
from kpo.errors import ExtractionError
from kpo.extractors.ocr import words_from_data
from kpo.extractors.pdf import extract_document
from kpo.extractors.plumber_page import PlumberDocument
from kpo.records import ExtractedDocument
from kpo.textsafe import is_clean

from .conftest import write_text_pdf_with_info

X, F = styled("x", ITALIC), styled("f", ITALIC)  # spoiled in the hostile layer


def _units(char: str) -> bytes:
    return char.encode("utf-16-be").hex().upper().encode()


@pytest.fixture(scope="module")
def math_paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("math") / "math_paper.pdf"
    write_math_paper(path, seed=3)
    return path


@pytest.fixture(scope="module")
def hostile_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ruled table whose text layer maps one glyph to BEL and one to half a pair."""
    path = tmp_path_factory.mktemp("hostile") / "symbols.pdf"
    rows = tuple(
        ((f"{X}{n}", None), (f"doi:10.1000/{F}{n}", None), (str(n), None)) for n in range(5)
    )
    body = (para(f"Let {X} be a variable and {F} a function of it."),
            TableBlock(("Symbol", "Reference", "Value"), rows))  # fmt: skip
    render(DocSpec("other", "table", "", (), body, Layout(family=FAMILY), Gold()), path)
    mend_to_unicode(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                cmap = obj.ToUnicode.read_bytes()
                cmap = cmap.replace(b"<" + _units(X) + b">", b"<0007>")
                obj.ToUnicode.write(cmap.replace(b"<" + _units(F) + b">", b"<D835>"))
        pdf.save(path)
    return path


def _all_text(document: ExtractedDocument) -> list[str]:
    words = [w.text for p in document.pages for w in p.words]
    cells = [c for p in document.pages for t in p.tables for row in t.rows for c in row if c]
    meta = [document.meta.title or "", document.meta.author or ""]
    return [*(p.text for p in document.pages), *words, *cells, *meta]


def test_pdfium_gives_characters_outside_the_bmp_as_surrogate_pairs(math_paper: Path) -> None:
    """What the fix is for: pdfium's char list holds both halves of each pair."""
    pdf = pdfium.PdfDocument(str(math_paper))
    try:
        textpage = pdf[0].get_textpage()
        codes = [raw.FPDFText_GetUnicode(textpage, i) for i in range(textpage.count_chars())]
        text = textpage.get_text_range()
    finally:
        pdf.close()
    high = codes.index(0xD835)  # MATHEMATICAL BOLD CAPITAL A, U+1D400, is D835 DC00
    assert codes[high + 1] == 0xDC00 and len(codes) > len(text)


def test_words_and_text_hold_the_joined_characters(math_paper: Path) -> None:
    document = extract_document(str(math_paper), "doc")
    assert all(is_clean(text) and text.encode("utf-8") for text in _all_text(document))
    words = [w for p in document.pages for w in p.words]
    texts = [w.text for w in words]
    bold_a, italic_x = styled("A", BOLD), styled("x", ITALIC)
    assert f"{bold_a}-Modules" in texts and styled("F2", DOUBLE_STRUCK) in texts
    assert f"{italic_x}," in texts and f"{bold_a}-Modules" in document.pages[0].text
    assert document.meta.title is not None and document.meta.title.endswith(TITLE_SUFFIX)
    word = words[texts.index(f"{bold_a}-Modules")]  # its box spans both halves of the pair
    following = words[texts.index(f"{bold_a}-Modules") + 1]
    assert word.x0 < word.x1 < following.x0 and following.text == "and"


def test_a_control_character_and_half_a_pair_become_replacement_characters(
    hostile_table: Path,
) -> None:
    document = extract_document(str(hostile_table), "doc")
    texts = _all_text(document)
    assert all(is_clean(text) for text in texts)
    page = document.pages[0]
    assert page.source == "pdfium" and page.tables  # words and cells from pdfium's chars
    cells = [c for t in page.tables for row in t.rows for c in row if c]
    assert sum(c.startswith("\ufffd0") for c in cells) == 1  # the control character
    assert sum("doi:10.1000/\ufffd0" in c for c in cells) == 1  # half a pair
    assert "Let \ufffd be a variable and \ufffd a function" in page.text  # pdfium's text


def test_pdfium_words_of_a_hostile_layer_are_clean(hostile_table: Path) -> None:
    from kpo.extractors.pdfium_page import page_geometry, page_words, raw_text

    pdf = pdfium.PdfDocument(str(hostile_table))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        words = [w.text for w in page_words(textpage, page_geometry(page), raw_text(textpage))]
    finally:
        pdf.close()
    assert all(is_clean(w) for w in words)
    assert "\ufffd0" in words and "doi:10.1000/\ufffd0" in words


def test_pdfplumber_text_and_words_are_clean(hostile_table: Path) -> None:
    with PlumberDocument(str(hostile_table)) as plumber:
        _, _, text, words = plumber.text_and_words(1)
    assert is_clean(text) and "\ufffd" in text
    assert all(is_clean(w.text) for w in words) and any("\ufffd" in w.text for w in words)


def test_metadata_control_characters_are_replaced(tmp_path: Path) -> None:
    info = b"<< /Title (Annual\007 Report\002) /Author (kpo\000 tests\000\000) >>"
    path = write_text_pdf_with_info(tmp_path / "info.pdf", info)
    meta = extract_document(str(path), "doc").meta
    assert meta.title == "Annual\ufffd Report\ufffd" and meta.author == "kpo tests"


def test_ocr_words_are_clean() -> None:
    data = {
        "level": [4, 5, 5], "block_num": [1, 1, 1], "par_num": [1, 1, 1], "line_num": [1, 1, 1],
        "left": [0, 0, 50], "top": [0, 0, 0], "width": [100, 40, 40], "height": [20, 20, 20],
        "conf": [-1, 90, 90], "text": ["", "doi\x0010.1000", "x\ud835"],
    }  # fmt: skip
    result = words_from_data(data, lambda px, py: (px, py))
    assert [w.text for w in result.words] == ["doi\ufffd10.1000", "x\ufffd"]
    assert result.text == "doi\ufffd10.1000 x\ufffd"


def test_a_log_line_shows_an_undecodable_file_name_escaped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.pdf")
    with open(path, "wb") as handle:
        handle.write(b"%PDF-1.4\nnot really a PDF\n")
    caplog.set_level(logging.INFO, logger="kpo.extractors.pdf")
    with pytest.raises(ExtractionError):
        extract_document(path, "doc")
    lines = [r.getMessage() for r in caplog.records if "pdfium could not open" in r.getMessage()]
    assert lines and all("caf\\xe9.pdf" in line and line.encode("utf-8") for line in lines)
