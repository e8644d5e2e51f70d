"""PDF -> ExtractedDocument: pages with text, words, tables, and metadata.

Every page goes through pdfium (fast). On a page whose drawn rules look like a
table grid, :mod:`~kpo.extractors.pdfium_tables` finds the ruled tables from
pdfium's own paths and chars, as pdfplumber's ``find_tables`` would; a page it
cannot read (too many paths, forms nested too deep, right-to-left text in a
table) goes through pdfplumber, which finds the tables and gives that page's
words. If pdfium cannot open a file (other than for a password), qpdf's
recovery rebuilds it in memory (:mod:`~kpo.extractors.repair`; the document is
marked ``repaired``), and failing that pdfplumber is tried before the file is
called corrupt.

A page without a usable text layer is flagged ``needs_ocr`` with its
``ocr_reason`` (:func:`~kpo.extractors.ocr_pages.ocr_reason`). Given ``ocr``
settings, and Tesseract installed, such pages are read by OCR while the OCR time
budget lasts (:mod:`kpo.extractors.ocr_pages`); without, they stay flagged.

``extract_document`` raises :class:`~kpo.errors.ExtractionError` with the
reason code (``encrypted``, ``corrupt``, ``too_large``, ``empty``); it does not
run :func:`~kpo.extractors.triage.triage_file`, the callers do.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from kpo.errors import Errors, ExtractionError
from kpo.extractors.ocr import OcrSettings, ocr_engine
from kpo.extractors.ocr_pages import PageOcr, ocr_order, ocr_reason
from kpo.extractors.page_stream import PageSink, PageStream, has_content
from kpo.extractors.pdfium_page import (
    Geometry,
    Graphics,
    page_geometry,
    page_graphics,
    page_text,
    page_words,
    raw_text,
)
from kpo.extractors.pdfium_tables import find_tables
from kpo.extractors.plumber_page import PlumberDocument
from kpo.extractors.repair import repaired_pdf
from kpo.reasons import ReasonCode
from kpo.records import DocumentMeta, ExtractedDocument, Page, PageSource, Table, Word
from kpo.settings import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_S
from kpo.textsafe import clean_text, escape_path

__all__ = ["extract_document", "ocr_reason"]
_log = logging.getLogger(__name__)


def extract_document(
    path: str,
    doc_id: str,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr: OcrSettings | None = None,
    ocr_budget_s: float = DEFAULT_TIMEOUT_S,
    sink: PageSink | None = None,
) -> ExtractedDocument:
    """Extract every page of the PDF at ``path``; raise ExtractionError if it cannot.

    With ``ocr`` settings, pages that need OCR are read by Tesseract (if installed)
    until ``ocr_budget_s`` seconds have passed; ``ocr=None`` only flags them. With a
    ``sink``, pages read by pdfium are handed to it in windows as they are made
    (:mod:`~kpo.extractors.page_stream`) and the document returned has no pages.
    """
    start = time.perf_counter()
    doc, repaired = _open_pdfium(path), None
    if doc is None:
        repaired = repaired_pdf(path)
        doc = _open_pdfium_repaired(repaired) if repaired else None
    if doc is None:
        meta, pages = _extract_with_plumber(path, max_pages)
        content = any(map(has_content, pages))
    else:
        plumber = PlumberDocument(path, repaired)
        page_ocr = _page_ocr(ocr, ocr_budget_s)
        stream = PageStream(sink, keep_for_ocr=page_ocr is not None)
        try:
            meta = _extract_with_pdfium(doc, plumber, max_pages, page_ocr, stream)
        except pdfium.PdfiumError as exc:
            why = f"pdfium failed on a page ({type(exc).__name__})"
            raise ExtractionError(ReasonCode.CORRUPT, Errors.E304.format(why=why)) from exc
        finally:
            doc.close()
        meta = replace(meta, repaired=repaired is not None)
        pages, content = stream.pages(), stream.has_content
    if not content:
        raise ExtractionError(ReasonCode.EMPTY, Errors.E310.format(pages=meta.page_count))
    return ExtractedDocument(doc_id, path, meta, pages, time.perf_counter() - start)


def _open_pdfium(path: str) -> pdfium.PdfDocument | None:
    """The document, or None if pdfium cannot parse it; raise if it needs a password."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise ExtractionError(ReasonCode.ENCRYPTED, Errors.E301) from exc
        shown = escape_path(path)[0]
        _log.info("pdfium could not open %s (%s); trying pdfplumber", shown, exc)
        return None


def _open_pdfium_repaired(data: bytes) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None


def _check_page_count(count: int, max_pages: int) -> None:
    if count > max_pages:
        message = Errors.E307.format(pages=count, limit=max_pages)
        raise ExtractionError(ReasonCode.TOO_LARGE, message)


def _page_ocr(settings: OcrSettings | None, budget_s: float) -> PageOcr | None:
    engine = ocr_engine(settings) if settings is not None else None
    return PageOcr(engine, budget_s) if engine is not None else None


def _extract_with_pdfium(
    doc: pdfium.PdfDocument,
    plumber: PlumberDocument,
    max_pages: int,
    ocr: PageOcr | None,
    stream: PageStream,
) -> DocumentMeta:
    count = len(doc)
    _check_page_count(count, max_pages)
    with plumber:
        for i in range(count):
            stream.add(_pdfium_page(doc, i + 1, plumber))
    stream.flush()
    if ocr is not None:
        _read_with_ocr(doc, stream, ocr)
        stream.flush()
    return _pdfium_meta(doc, count)


def _read_with_ocr(doc: pdfium.PdfDocument, stream: PageStream, ocr: PageOcr) -> None:
    """OCR the pages that need it, in ``ocr_order`` while the budget lasts."""
    for number in ocr_order(sorted(stream.waiting_for_ocr())):
        pdf_page = doc[number - 1]
        try:
            stream.add(ocr(stream.kept[number], pdf_page, page_geometry(pdf_page)))
        finally:
            pdf_page.close()


def _pdfium_page(doc: pdfium.PdfDocument, page_number: int, plumber: PlumberDocument) -> Page:
    page = doc[page_number - 1]
    try:
        geometry, graphics = page_geometry(page), page_graphics(page)
        textpage = page.get_textpage()
        try:
            page_raw = raw_text(textpage)
            words = page_words(textpage, geometry, page_raw)
            found = _pdfium_tables(page, textpage, geometry, page_number, graphics)
        finally:
            textpage.close()
        tables = found or ()
        source: PageSource = "pdfium" if words else "none"
        if found is None:  # a page the pdfium finder cannot read: pdfplumber's tables and words
            tables, table_words = _tables(plumber, page_number)
            if tables:
                words, source = table_words, "pdfplumber"
        text = page_text(page_raw)
        return _page(
            page_number, geometry.width, geometry.height, text, words, tables, source, graphics
        )
    finally:
        page.close()


def _pdfium_tables(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    geometry: Geometry,
    page_number: int,
    graphics: Graphics,
) -> tuple[Table, ...] | None:
    """The ruled tables from pdfium's paths and chars; None leaves the page to pdfplumber."""
    if not graphics.probably_has_table:
        return ()
    try:
        return find_tables(page, textpage, geometry, page_number)
    except Exception as exc:  # pdfplumber's finder, the slow path, reads the page instead
        _log.warning("pdfium tables failed on page %d: %s", page_number, type(exc).__name__)
        return None


def _tables(
    plumber: PlumberDocument, page_number: int
) -> tuple[tuple[Table, ...], tuple[Word, ...]]:
    """pdfplumber's tables and words for a page; nothing if pdfplumber fails on it."""
    try:
        found: tuple[tuple[Table, ...], tuple[Word, ...]] = plumber.tables_and_words(page_number)
    except Exception as exc:  # the slow path must never fail a document the fast path read
        _log.warning("pdfplumber failed on page %d: %s", page_number, type(exc).__name__)
        return (), ()
    return found


def _page(
    page_number: int,
    width: float,
    height: float,
    text: str,
    words: tuple[Word, ...],
    tables: tuple[Table, ...],
    source: PageSource,
    graphics: Graphics,
) -> Page:
    reason = ocr_reason(text, graphics)
    return Page(
        page_number, width, height, text, words, tables, source,
        image_count=graphics.images, needs_ocr=reason is not None, ocr_reason=reason,
    )  # fmt: skip


def _metadata_value(doc: pdfium.PdfDocument, key: str) -> str | None:
    try:
        value: str = doc.get_metadata_value(key)
    except UnicodeDecodeError:  # a damaged info dictionary: this entry is unreadable
        return None
    return value


def _pdfium_meta(doc: pdfium.PdfDocument, count: int) -> DocumentMeta:
    info = {key: _metadata_value(doc, key) for key in ("Title", "Author", "Producer", "Creator")}
    version = doc.get_version()
    return DocumentMeta(
        page_count=count,
        title=_clean(info.get("Title")),
        author=_clean(info.get("Author")),
        producer=_clean(info.get("Producer")),
        creator=_clean(info.get("Creator")),
        encrypted=raw.FPDF_GetSecurityHandlerRevision(doc) != -1,
        pdf_version=f"{version // 10}.{version % 10}" if version else None,
    )


def _clean(value: Any) -> str | None:
    """A metadata entry as valid UTF-8 text, or None (trailing NULs are common: dropped)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return None
    value = clean_text(value.replace("\x00", "")).strip()
    return value or None


def _extract_with_plumber(path: str, max_pages: int) -> tuple[DocumentMeta, tuple[Page, ...]]:
    """The fallback for files pdfium cannot open: pdfplumber words and text, no tables."""
    with PlumberDocument(path) as plumber:
        try:
            count = plumber.page_count()
            info = plumber.metadata()
            _check_page_count(count, max_pages)
            pages = tuple(_plumber_page(plumber, n) for n in range(1, count + 1))
        except ExtractionError:
            raise
        except Exception as exc:
            why = f"neither pdfium nor pdfplumber could parse it ({type(exc).__name__})"
            raise ExtractionError(ReasonCode.CORRUPT, Errors.E304.format(why=why)) from exc
    title, author = _clean(info.get("Title")), _clean(info.get("Author"))
    producer, creator = _clean(info.get("Producer")), _clean(info.get("Creator"))
    return DocumentMeta(count, title, author, producer, creator), pages


def _plumber_page(plumber: PlumberDocument, page_number: int) -> Page:
    width, height, text, words = plumber.text_and_words(page_number)
    source: PageSource = "pdfplumber" if words else "none"
    return _page(page_number, width, height, text, words, (), source, Graphics())
