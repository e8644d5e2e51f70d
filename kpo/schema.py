"""The Parquet schemas of a batch's results, declared once.

Each table's schema carries ``schema_version`` in its key-value metadata.
Evolution: adding a nullable column is a minor version; renaming or retyping a
column is a major one.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

# 1.1.0: words.conf, pages.ocr_confidence; 1.2.0: documents.repaired;
# 1.3.0: documents.path_escaped
SCHEMA_VERSION = "1.3.0"
PATH_ESCAPED_DOC = (
    "the path was not valid UTF-8 text or held control characters; path, file_name and "
    "duplicate_of show those bytes as `\\xNN` escapes"
)


def _f(name: str, type_: pa.DataType, *, doc: str = "", nullable: bool = True) -> pa.Field:
    """A field whose meaning travels in its metadata (``doc``), for the data dictionary."""
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc} if doc else None)


_BOX = [
    _f("x0", pa.float32(), doc="left edge, points from the page's left"),
    _f("top", pa.float32(), doc="top edge, points from the page's top"),
    _f("x1", pa.float32(), doc="right edge, points"),
    _f("bottom", pa.float32(), doc="bottom edge, points"),
]

_KEYS = [
    _f("client", pa.string(), nullable=False, doc="client the batch belongs to"),
    _f("batch_id", pa.string(), nullable=False, doc="batch id"),
    _f("doc_id", pa.string(), nullable=False, doc="sha256 of the file's bytes"),
]

WORD = pa.struct(
    [
        _f("text", pa.string()),
        *_BOX,
        _f("size", pa.float32(), doc="font size"),
        _f("conf", pa.float32(), doc="OCR confidence in [0, 1]; null from a text layer"),
    ]
)

PROBABILITIES = pa.struct(
    [_f(t, pa.float32()) for t in ("contract", "research_paper", "claim", "other")]
)

DOCUMENTS = pa.schema(
    [
        *_KEYS,
        _f("path", pa.string(), nullable=False, doc="input path as given"),
        _f("file_name", pa.string(), nullable=False, doc="file name"),
        _f("path_escaped", pa.bool_(), doc=PATH_ESCAPED_DOC),
        _f("size_bytes", pa.int64(), nullable=False, doc="file size"),
        _f("status", pa.string(), nullable=False, doc="ok, needs_ocr, failed, duplicate"),
        _f("reason", pa.string(), doc="reason code when status is not ok"),
        _f("message", pa.string(), doc="what went wrong (never document contents)"),
        _f("duplicate_of", pa.string(), doc="path of the first copy, for duplicates"),
        _f("page_count", pa.int32(), doc="pages in the PDF"),
        _f("title", pa.string(), doc="title from the PDF metadata"),
        _f("producer", pa.string(), doc="producer from the PDF metadata"),
        _f("encrypted", pa.bool_(), doc="the PDF is encrypted (opened without password)"),
        _f("repaired", pa.bool_(), doc="the PDF was damaged and read from a repaired copy"),
        _f("doc_type", pa.string(), doc="predicted type"),
        _f("doc_type_confidence", pa.float32(), doc="probability of the predicted type"),
        _f("doc_type_probabilities", PROBABILITIES, doc="probability of each type"),
        _f("classifier_version", pa.string(), doc="document classifier version"),
        _f("fields_found", pa.int32(), doc="field values extracted"),
        _f("fields_missing", pa.list_(pa.string()), doc="canonical fields absent"),
        _f("review_items", pa.int32(), doc="items sent to the review queue"),
        _f("seconds", pa.float32(), doc="processing time"),
    ]
)

PAGES = pa.schema(
    [
        *_KEYS,
        _f("page_number", pa.int32(), nullable=False, doc="1-based page number"),
        _f("width", pa.float32(), doc="page width, points"),
        _f("height", pa.float32(), doc="page height, points"),
        _f("source", pa.string(), doc="engine of the words: pdfium, pdfplumber, ocr, none"),
        _f("needs_ocr", pa.bool_(), doc="the page has no usable text layer and was not read"),
        _f("ocr_reason", pa.string(), doc="why the page needs OCR"),
        _f("image_count", pa.int32(), doc="images on the page"),
        _f("ocr_confidence", pa.float32(), doc="mean OCR word confidence, for OCR pages"),
        _f("word_count", pa.int32(), doc="words on the page"),
        _f("text", pa.string(), doc="page text"),
        _f("words", pa.list_(WORD), doc="words with boxes and font size"),
    ]
)

FIELDS = pa.schema(
    [
        *_KEYS,
        _f("doc_type", pa.string(), nullable=False, doc="type the fields belong to"),
        _f("field", pa.string(), nullable=False, doc="canonical field name"),
        _f("value_index", pa.int32(), nullable=False, doc="position in a list field"),
        _f("status", pa.string(), nullable=False, doc="found or absent"),
        _f("value", pa.string(), doc="normalised value (ISO dates)"),
        _f("raw", pa.string(), doc="value as printed"),
        _f("confidence", pa.float32(), doc="confidence in [0, 1]"),
        _f("needs_review", pa.bool_(), doc="sent to the review queue"),
        _f("page_number", pa.int32(), doc="page the value came from"),
        *_BOX,
        _f("extractor", pa.string(), doc="what produced the value"),
        _f("model_version", pa.string(), doc="field extractor version"),
    ]
)

TABLES = pa.schema(
    [
        *_KEYS,
        _f("page_number", pa.int32(), nullable=False, doc="1-based page number"),
        _f("table_index", pa.int32(), nullable=False, doc="table on the page, from 0"),
        _f("row_index", pa.int32(), nullable=False, doc="row in the table, from 0"),
        _f("cells", pa.list_(pa.string()), doc="the row's cells (null: empty)"),
        *_BOX,
    ]
)

TABLES_BY_NAME: Mapping[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "pages": PAGES,
    "fields": FIELDS,
    "tables": TABLES,
}


def with_version(schema: pa.Schema) -> pa.Schema:
    """The schema with ``schema_version`` in its key-value metadata."""
    return schema.with_metadata({b"schema_version": SCHEMA_VERSION.encode()})
