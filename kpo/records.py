"""Typed records that cross every stage boundary.

Frozen, slotted dataclasses. Coordinates follow pdfplumber: points, origin at the
top-left of the page, ``x0, top, x1, bottom``; ``page_number`` is 1-based.
Stages never mutate a record: they return a new one (``dataclasses.replace``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from kpo.reasons import ReasonCode

DocType = Literal["contract", "research_paper", "claim", "other"]
DOC_TYPES: tuple[DocType, ...] = ("contract", "research_paper", "claim", "other")

PageSource = Literal["pdfium", "pdfplumber", "ocr", "none"]
DocStatus = Literal["ok", "needs_ocr", "failed", "duplicate"]


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, in PDF points from the top-left corner."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass(frozen=True, slots=True)
class Word:
    """One word on a page with its box and font size (points).

    ``conf`` is the OCR engine's confidence in [0, 1] for a word read by OCR, and
    None for a word from the PDF's text layer.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    conf: float | None = None

    @property
    def box(self) -> Box:
        return Box(self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True, slots=True)
class Table:
    """A table found on a page: rows of cells (``None`` for an empty merged cell)."""

    page_number: int
    index: int
    bbox: Box
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True, slots=True)
class Page:
    """What extraction found on one page.

    ``source`` is the engine that produced the words: ``pdfium`` for the fast text
    path, ``pdfplumber`` where the page needed layout analysis (tables), ``ocr``
    when words came from OCR, ``none`` when the page yielded no words.
    ``ocr_reason`` says why the page was (or needs to be) read by OCR; ``needs_ocr``
    stays True only while it has not been. ``ocr_confidence`` is the mean OCR
    confidence of the page's OCR words in [0, 1] (None: no OCR words).
    ``words`` may be given as any sequence of ``Word``; the page keeps them as
    ``kpo.words.Words``, columns that cross process boundaries cheaply.
    """

    page_number: int
    width: float
    height: float
    text: str
    words: Sequence[Word]
    tables: tuple[Table, ...] = ()
    source: PageSource = "pdfium"
    image_count: int = 0
    needs_ocr: bool = False
    ocr_reason: str | None = None
    ocr_confidence: float | None = None

    def __post_init__(self) -> None:
        from kpo.words import Words  # built on Word: imported here, not at the module's top

        if not isinstance(self.words, Words):
            object.__setattr__(self, "words", Words(self.words))


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Document-level metadata read from the PDF."""

    page_count: int
    title: str | None = None
    author: str | None = None
    producer: str | None = None
    creator: str | None = None
    encrypted: bool = False
    pdf_version: str | None = None
    repaired: bool = False  # damaged, and read from qpdf's repaired copy


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file given to a batch, after ingest."""

    path: str
    doc_id: str  # sha256 of the bytes
    size_bytes: int
    duplicate_of: str | None = None  # path of the first file with the same bytes
    # set when ingest could not take the entry (a link loop, a dangling link, a FIFO):
    # the entry gets a failed row with this reason and message and is never opened
    problem: ReasonCode | None = None
    problem_message: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """The output of extraction: pages with words and tables, and metadata."""

    doc_id: str
    path: str
    meta: DocumentMeta
    pages: tuple[Page, ...]
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def needs_ocr(self) -> bool:
        """No page has a usable text layer and at least one needs OCR."""
        has_text = any(p.words and not p.needs_ocr for p in self.pages)
        return not has_text and any(p.needs_ocr for p in self.pages)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that a stage could not handle. A record, not a crash."""

    doc_id: str
    path: str
    stage: str
    code: ReasonCode
    message: str


@dataclass(frozen=True, slots=True)
class Classification:
    """The predicted document type with a probability for each type."""

    doc_type: DocType
    probabilities: tuple[tuple[DocType, float], ...]
    model_version: str

    @property
    def confidence(self) -> float:
        return dict(self.probabilities)[self.doc_type]


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One extracted field value with its provenance.

    ``value`` is normalised (ISO dates, folded white space); ``raw`` is the text as
    printed. A list field (parties, authors) has one FieldValue per item with the
    same ``name`` and increasing ``index``.
    """

    name: str
    value: str
    raw: str
    confidence: float
    page_number: int | None
    box: Box | None
    extractor: str
    index: int = 0


@dataclass(frozen=True, slots=True)
class FieldSet:
    """The fields found for one document, and the canonical ones that are absent."""

    doc_type: DocType
    values: tuple[FieldValue, ...]
    missing: tuple[str, ...]
    model_version: str


ReviewReason = Literal["low_type_probability", "low_confidence", "missing_required", "audit_sample"]


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """Something a reviewer must look at."""

    doc_id: str
    reason: ReviewReason
    doc_type: DocType
    field: str | None = None  # None: the item is about the document type
    value: str | None = None
    confidence: float | None = None
    threshold: float | None = None
    page_number: int | None = None
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything a batch keeps about one input: one ``documents`` row."""

    doc_id: str
    path: str
    size_bytes: int
    status: DocStatus
    reason: ReasonCode | None = None
    message: str | None = None
    meta: DocumentMeta | None = None
    pages: tuple[Page, ...] = ()
    classification: Classification | None = None
    fields: FieldSet | None = None
    review: tuple[ReviewItem, ...] = ()
    seconds: float = 0.0
    timings: tuple[tuple[str, float], ...] = field(default=())
