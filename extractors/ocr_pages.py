"""Which pages need OCR, and how OCR words join (or replace) a page's text layer.

:func:`ocr_reason` decides per page from its text and what it draws:

================= ===========================================================
``no_text_layer``  almost no text, but images (or text drawn as outlines)
``sparse_text``    images cover most of the page and hold far more than the
                   little text there is (a stamp or a fax header on a scan)
``unmappable_text`` the text is mostly glyphs that map to no character
                   (private-use code points, U+FFFD, control chars, ``(cid:N)``)
``garbled_text``   most tokens are symbol soup (a bad OCR layer, a broken font
                   encoding)
``noisy_ocr_layer`` an invisible text layer over a page-sized image (an earlier
                   OCR) with more junk tokens than clean text has
================= ===========================================================

:class:`PageOcr` reads such a page with an :class:`~kpo.extractors.ocr.OcrEngine`
while the document's OCR time budget lasts, in the order of :func:`ocr_order`: when
the budget cannot cover a long scan, the pages read are its front and its back,
where titles, parties and dates, and signatures and governing-law clauses, are.
OCR words replace a missing, unmappable or garbled layer (a garbled or noisy one
only if OCR reads cleaner) and are added beside a sparse one where they do not
overlap its words. A page read by OCR keeps its
``ocr_reason`` and has ``needs_ocr`` False; one that could not be read keeps
``needs_ocr`` True.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from kpo.records import Page, Word

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from kpo.extractors.ocr import OcrEngine, OcrResult
    from kpo.extractors.pdfium_page import Geometry, Graphics

MIN_TEXT_CHARS = 10  # a page with fewer visible chars has no usable text layer
UNMAPPABLE_SHARE = 0.5  # at least this share of unmappable chars: the text layer is garbage
VECTOR_TEXT_PATHS = 100  # a text-less page drawing this many paths may be text as outlines
IMAGE_PAGE_SHARE = 0.5  # images cover at least this share of a scanned page
SPARSE_TEXT_CHARS = 200  # fewer visible chars than this times the image share: sparse
GARBLED_SHARE = 0.5  # at least this share of junk tokens: the text layer is garbled
GARBLED_MIN_TOKENS = 20  # ... among at least this many tokens
SCAN_PAGE_SHARE = 0.9  # images cover this share of a page that is a scan
NOISY_LAYER_SHARE = 0.05  # junk tokens in an invisible layer over a scan: worth a new OCR
OVERLAP = 0.5  # an OCR word this much inside a layer word's box is the same word
MIN_PAGE_S = 1.0  # OCR is not started on a page with less budget left than this
_SPACE_RE = re.compile(r"\s+")
_CID_RE = re.compile(r"\(cid:\d+\)")
_UNMAPPABLE_RE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CLEAN_TOKEN_RE = re.compile(
    r"^(?:[^\W\d_]+(?:[-'\u2019.&/][^\W\d_]+)*"  # words, hyphenated or with apostrophes
    r"|[\d.,:/%$\u20ac\u00a3()+-]+"  # numbers, dates, amounts
    r"|[A-Z0-9]+(?:[-/.][A-Z0-9]+)*)$"  # codes
)
_STRIP = "\"'.,;:!?()[]{}\u00ab\u00bb*\u2022\u00b7\u2018\u2019\u201c\u201d-\u2013\u2014_"
_log = logging.getLogger(__name__)


def visible_chars(text: str) -> int:
    return len(text) - sum(len(m) for m in _SPACE_RE.findall(text))


def unmappable_chars(text: str) -> tuple[int, int]:
    """(unmappable chars, visible chars), a ``(cid:N)`` counting as one char."""
    cids = _CID_RE.findall(text)
    rest = _CID_RE.sub("", text)
    return len(cids) + len(_UNMAPPABLE_RE.findall(rest)), len(cids) + visible_chars(rest)


def junk_share(text: str) -> tuple[float, int]:
    """(share of tokens that are neither words, numbers nor codes, token count)."""
    tokens = [t for t in (raw.strip(_STRIP) for raw in text.split()) if t]
    if not tokens:
        return 0.0, 0
    junk = sum(not _CLEAN_TOKEN_RE.match(t) for t in tokens)
    return junk / len(tokens), len(tokens)


def ocr_reason(text: str, graphics: Graphics) -> str | None:
    """Why a page needs OCR (see the module doc), or None."""
    unmappable, visible = unmappable_chars(text)
    if visible < MIN_TEXT_CHARS:
        drawn = graphics.images > 0 or graphics.paths >= VECTOR_TEXT_PATHS
        return "no_text_layer" if drawn else None
    share = graphics.image_share
    if share >= IMAGE_PAGE_SHARE and visible < SPARSE_TEXT_CHARS * share:
        return "sparse_text"
    if unmappable >= UNMAPPABLE_SHARE * visible:
        return "unmappable_text"
    junk, tokens = junk_share(text)
    if tokens >= GARBLED_MIN_TOKENS and junk >= GARBLED_SHARE:
        return "garbled_text"
    if tokens >= GARBLED_MIN_TOKENS and junk >= NOISY_LAYER_SHARE and _ocr_layer(graphics):
        return "noisy_ocr_layer"
    return None


def _ocr_layer(graphics: Graphics) -> bool:
    """An invisible text layer over a page-sized image: a scan with an earlier OCR."""
    invisible = graphics.texts > 0 and graphics.invisible_texts >= 0.9 * graphics.texts
    return invisible and graphics.image_share >= SCAN_PAGE_SHARE


FRONT_PER_BACK = 2  # OCR order: two pages from the front for each one from the back


def ocr_order(page_numbers: list[int]) -> list[int]:
    """The pages to OCR, most useful first: two from the front, then one from the back.

    ``[1, 2, 3, 4, 5, 6] -> [1, 2, 6, 3, 4, 5]``: a budget that runs out in a long
    scan leaves its middle unread, not its end.
    """
    front, back = 0, len(page_numbers) - 1
    order: list[int] = []
    while front <= back:
        for _ in range(FRONT_PER_BACK):
            if front <= back:
                order.append(page_numbers[front])
                front += 1
        if front <= back:
            order.append(page_numbers[back])
            back -= 1
    return order


class PageOcr:
    """OCR for the pages of one document, within a time budget (seconds from now)."""

    def __init__(self, engine: OcrEngine, budget_s: float) -> None:
        self.engine = engine
        self.deadline = time.monotonic() + budget_s

    def __call__(self, page: Page, pdf_page: pdfium.PdfPage, geometry: Geometry) -> Page:
        """``page`` with OCR words where it needs them; unchanged if OCR cannot run."""
        left = self.deadline - time.monotonic()
        if not page.needs_ocr or left < MIN_PAGE_S:
            return page
        try:
            result = self.engine.read(pdf_page, geometry, left)
        except RuntimeError as exc:  # pytesseract's timeout and Tesseract's failures
            _log.warning("OCR failed on page %d: %s", page.page_number, exc)
            return page
        return with_ocr(page, result)


def with_ocr(page: Page, result: OcrResult) -> Page:
    """``page`` after OCR: its words from OCR, its layer's, or both (see the module doc)."""
    if page.ocr_reason == "sparse_text":
        return _merged(page, result)
    if page.ocr_reason in _KEEP_UNLESS_CLEANER and not _cleaner(result.text, page.text):
        return replace(page, needs_ocr=False)  # OCR reads no better: keep the layer
    if not result.words:
        return replace(page, needs_ocr=False, source="none" if not page.words else page.source)
    return replace(
        page, text=result.text, words=result.words, source="ocr",
        needs_ocr=False, ocr_confidence=result.confidence,
    )  # fmt: skip


_KEEP_UNLESS_CLEANER = ("garbled_text", "noisy_ocr_layer")


def _cleaner(ocr_text: str, layer_text: str) -> bool:
    return junk_share(ocr_text)[0] < junk_share(layer_text)[0]


def _merged(page: Page, result: OcrResult) -> Page:
    extra = tuple(w for w in result.words if not any(_covers(p, w) for p in page.words))
    if not extra:
        return replace(page, needs_ocr=False)
    kept = {id(w) for w in extra}
    lines = [line for line in result.text.split("\n") if line]
    text = "\n".join(_kept_lines(lines, result.words, kept))
    confidence = round(sum(w.conf or 0.0 for w in extra) / len(extra), 3)
    return replace(
        page, text=f"{page.text.rstrip()}\n{text}" if page.text.strip() else text,
        words=(*page.words, *extra), source="ocr", needs_ocr=False, ocr_confidence=confidence,
    )  # fmt: skip


def _kept_lines(lines: list[str], words: tuple[Word, ...], kept: set[int]) -> list[str]:
    """The OCR text lines, each with only the kept words (same order as ``words``)."""
    out, i = [], 0
    for line in lines:
        n = len(line.split(" "))
        text = " ".join(w.text for w in words[i : i + n] if id(w) in kept)
        if text:
            out.append(text)
        i += n
    return out


def _covers(layer: Word, ocr: Word) -> bool:
    """Whether ``ocr`` lies mostly inside the box of the layer word."""
    w = min(layer.x1, ocr.x1) - max(layer.x0, ocr.x0)
    h = min(layer.bottom, ocr.bottom) - max(layer.top, ocr.top)
    area = (ocr.x1 - ocr.x0) * (ocr.bottom - ocr.top)
    return w > 0 and h > 0 and w * h >= OVERLAP * max(area, 1e-6)
