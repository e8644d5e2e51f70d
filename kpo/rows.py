"""Turn a DocumentResult into rows of the batch tables (documents, pages, fields, tables).

Every string a row holds is valid UTF-8 (:mod:`kpo.textsafe`), so no document can
make the Parquet writer refuse a batch: the extractors already clean what they
read, and the rows check again, cheaply, what models, messages and metadata
derived from it. Paths are escaped (``path_escaped``), never cleaned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpo.records import Box, DocumentResult, FieldSet, Page, ReviewItem, Table
from kpo.textsafe import all_clean, clean_text, escape_path, is_clean
from kpo.words import Words

Row = dict[str, Any]


def clean_row(row: Row) -> Row:
    """``row`` with every str value, and every str in a list value, cleaned (in place)."""
    for key, value in row.items():
        if isinstance(value, str):
            row[key] = clean_text(value)
        elif isinstance(value, list) and not all_clean(v for v in value if isinstance(v, str)):
            row[key] = [clean_text(v) if isinstance(v, str) else v for v in value]
    return row


def _box(box: Box | None) -> Row:
    if box is None:
        return {"x0": None, "top": None, "x1": None, "bottom": None}
    return {"x0": box.x0, "top": box.top, "x1": box.x1, "bottom": box.bottom}


def document_row(keys: Row, result: DocumentResult, duplicate_of: str | None) -> Row:
    meta, cls, fields = result.meta, result.classification, result.fields
    path, escaped = escape_path(result.path)
    row = {
        **keys,
        "size_bytes": result.size_bytes,
        "status": result.status,
        "reason": str(result.reason) if result.reason else None,
        "message": result.message,
        "page_count": meta.page_count if meta else None,
        "title": meta.title if meta else None,
        "producer": meta.producer if meta else None,
        "encrypted": meta.encrypted if meta else None,
        "repaired": meta.repaired if meta else None,
        "doc_type": cls.doc_type if cls else None,
        "doc_type_confidence": cls.confidence if cls else None,
        "doc_type_probabilities": dict(cls.probabilities) if cls else None,
        "classifier_version": cls.model_version if cls else None,
        "fields_found": len(fields.values) if fields else None,
        "fields_missing": list(fields.missing) if fields else None,
        "review_items": len(result.review),
        "seconds": result.seconds,
    }
    clean_row(row)
    row.update(
        path=path,
        file_name=escape_path(Path(result.path).name)[0],
        path_escaped=escaped,
        duplicate_of=escape_path(duplicate_of)[0] if duplicate_of is not None else None,
    )
    return row


def _clean_words(words: Words) -> Words:
    if is_clean(words.joined_text):
        return words
    return words.with_texts([clean_text(text) for text in words.texts])


def page_row(keys: Row, page: Page) -> Row:
    """The page's row; its ``words`` stay columns (``Words``, kpo/record_batches.py)."""
    return {
        **keys,
        "page_number": page.page_number,
        "width": page.width,
        "height": page.height,
        "source": page.source,
        "needs_ocr": page.needs_ocr,
        "ocr_reason": page.ocr_reason,
        "image_count": page.image_count,
        "ocr_confidence": page.ocr_confidence,
        "word_count": len(page.words),
        "text": clean_text(page.text),
        "words": _clean_words(Words.of(page.words)),
    }


def _reviewed(review: tuple[ReviewItem, ...]) -> set[tuple[str | None, str | None]]:
    return {(item.field, item.value) for item in review}


def field_rows(keys: Row, fields: FieldSet, review: tuple[ReviewItem, ...]) -> list[Row]:
    reviewed = _reviewed(review)
    base = {**keys, "doc_type": fields.doc_type, "model_version": fields.model_version}
    rows = [
        clean_row(
            {
                **base,
                "field": v.name,
                "value_index": v.index,
                "status": "found",
                "value": v.value,
                "raw": v.raw,
                "confidence": v.confidence,
                "needs_review": (v.name, v.value) in reviewed,
                "page_number": v.page_number,
                **_box(v.box),
                "extractor": v.extractor,
            }
        )
        for v in fields.values
    ]
    rows.extend(clean_row(_absent_row(base, n, (n, None) in reviewed)) for n in fields.missing)
    return rows


def _absent_row(base: Row, name: str, needs_review: bool) -> Row:
    return {
        **base,
        "field": name,
        "value_index": 0,
        "status": "absent",
        "value": None,
        "raw": None,
        "confidence": None,
        "needs_review": needs_review,
        "page_number": None,
        **_box(None),
        "extractor": None,
    }


def table_rows(keys: Row, table: Table) -> list[Row]:
    return [
        clean_row(
            {
                **keys,
                "page_number": table.page_number,
                "table_index": table.index,
                "row_index": i,
                "cells": list(row),
                **_box(table.bbox),
            }
        )
        for i, row in enumerate(table.rows)
    ]


def result_rows(
    client: str, batch_id: str, result: DocumentResult, duplicate_of: str | None = None
) -> dict[str, list[Row]]:
    """All rows one document contributes, keyed by table name."""
    keys = {"client": client, "batch_id": batch_id, "doc_id": result.doc_id}
    fields = result.fields
    return {
        "documents": [document_row(keys, result, duplicate_of)],
        "pages": [page_row(keys, p) for p in result.pages],
        "fields": field_rows(keys, fields, result.review) if fields else [],
        "tables": [row for p in result.pages for t in p.tables for row in table_rows(keys, t)],
    }
