"""The Parquet schemas of a client deliverable, declared once and versioned.

Every file of a deliverable carries ``schema_version`` in its key-value metadata,
and so does ``manifest.json``. Evolution: adding a nullable column is a minor
version (1.0.0 -> 1.1.0); renaming, retyping or removing a column, or changing
what a value means, is a major one (1.x -> 2.0.0). ``tests/kpo/deliver/test_schema_version.py``
fails when the schemas change and the version does not.

``python -m kpo.deliver.schema --write-fingerprint`` rewrites the committed fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from kpo.fieldspec import CANONICAL_FIELDS, DATE_FIELDS, LIST_FIELDS
from kpo.records import DocType
from kpo.schema import PATH_ESCAPED_DOC

DELIVERABLE_SCHEMA_VERSION = "1.2.0"  # 1.2.0: documents.path_escaped

FieldKind = Literal["text", "list", "date", "amount", "year"]
AMOUNT_FIELDS: frozenset[str] = frozenset({"contract_value", "amount_claimed"})
YEAR_FIELDS: frozenset[str] = frozenset({"year"})
AMOUNT = pa.decimal128(20, 4)
TIMESTAMP = pa.timestamp("us", tz="UTC")
# Lists name their items "element", as the Parquet spec does: they read back unchanged.
TEXT_LIST = pa.list_(pa.field("element", pa.string()))

# The typed table of each document type; documents of type ``other`` go to other.parquet.
TYPE_TABLES: Mapping[DocType, str] = {
    "contract": "contracts",
    "research_paper": "research_papers",
    "claim": "claims",
    "other": "other",
}

FIELD_STATUS_DOC = (
    "accepted (model, over the review threshold), reviewed (a reviewer accepted or "
    "corrected it), rejected (a reviewer rejected it: no value), pending (waiting for "
    "review, delivered with --include-pending), withheld (waiting for review: no value), "
    "absent (not found), not_extracted (document reclassified: never extracted for this type)"
)


def field_kind(name: str) -> FieldKind:
    if name in LIST_FIELDS:
        return "list"
    if name in DATE_FIELDS:
        return "date"
    if name in AMOUNT_FIELDS:
        return "amount"
    return "year" if name in YEAR_FIELDS else "text"


def _f(name: str, type_: pa.DataType, doc: str, *, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


_KEYS = [
    _f("client", pa.string(), "client the batch belongs to", nullable=False),
    _f("batch_id", pa.string(), "batch id", nullable=False),
    _f("doc_id", pa.string(), "sha256 of the file's bytes", nullable=False),
]
_BOX = [
    _f("x0", pa.float32(), "left edge, points from the page's left"),
    _f("top", pa.float32(), "top edge, points from the page's top"),
    _f("x1", pa.float32(), "right edge, points"),
    _f("bottom", pa.float32(), "bottom edge, points"),
]
_DOC_HEAD = [
    *_KEYS,
    _f("file_name", pa.string(), "file name as submitted", nullable=False),
    _f("doc_type_confidence", pa.float32(), "model probability of the predicted type"),
    _f("doc_type_source", pa.string(), "model or reviewer: who decided the type"),
]


def _value_columns(name: str) -> list[pa.Field]:
    kind = field_kind(name)
    if kind == "list":
        return [_f(name, TEXT_LIST, f"{name}, in document order")]
    if kind == "date":
        return [_f(name, pa.date32(), f"{name} (date)"), _f(f"{name}_raw", pa.string(),
                f"{name} as printed")]  # fmt: skip
    if kind == "amount":
        return [
            _f(name, AMOUNT, f"{name}, amount (null when the text holds no number)"),
            _f(f"{name}_currency", pa.string(), "ISO 4217 currency code, when stated"),
            _f(f"{name}_raw", pa.string(), f"{name} as printed"),
        ]
    if kind == "year":
        return [_f(name, pa.int32(), f"{name} (number)"), _f(f"{name}_raw", pa.string(),
                f"{name} as printed")]  # fmt: skip
    return [_f(name, pa.string(), name)]


def _field_columns(name: str) -> list[pa.Field]:
    return [
        *_value_columns(name),
        _f(f"{name}_confidence", pa.float32(), "model confidence in [0, 1] (lowest of a list)"),
        _f(f"{name}_source", pa.string(), "model or reviewer"),
        _f(f"{name}_status", pa.string(), "accepted, reviewed, rejected, pending, withheld, ..."),
    ]


def type_schema(doc_type: DocType) -> pa.Schema:
    """One row per document of ``doc_type``; one group of columns per canonical field."""
    columns = [c for name in CANONICAL_FIELDS[doc_type] for c in _field_columns(name)]
    extra = [_f("page_count", pa.int32(), "pages in the PDF"), _f("title", pa.string(),
             "title from the PDF metadata")] if doc_type == "other" else []  # fmt: skip
    return pa.schema([*_DOC_HEAD, *extra, *columns])


DOCUMENTS = pa.schema(
    [
        *_KEYS,
        _f("path", pa.string(), "path under the batch's common input folder", nullable=False),
        _f("file_name", pa.string(), "file name", nullable=False),
        _f("path_escaped", pa.bool_(), PATH_ESCAPED_DOC),
        _f("size_bytes", pa.int64(), "file size, bytes", nullable=False),
        _f("status", pa.string(), "ok, needs_ocr, failed, duplicate", nullable=False),
        _f("reason", pa.string(), "reason code when status is not ok"),
        _f("message", pa.string(), "what went wrong (never document contents)"),
        _f("duplicate_of", pa.string(), "path of the first copy (as in path), for duplicates"),
        _f("page_count", pa.int32(), "pages in the PDF"),
        _f("doc_type", pa.string(), "document type delivered (null: withheld or failed)"),
        _f("doc_type_model", pa.string(), "type the model predicted"),
        _f("doc_type_confidence", pa.float32(), "model probability of its predicted type"),
        _f("doc_type_source", pa.string(), "model or reviewer"),
        _f("doc_type_status", pa.string(), "accepted, reviewed, rejected, pending or withheld"),
        _f("doc_type_reviewer", pa.string(), "reviewer who decided the type"),
        _f("doc_type_reviewed_at", TIMESTAMP, "when the reviewer decided"),
        _f("classifier_version", pa.string(), "document classifier version"),
        _f("values_withheld", pa.int32(), "field values withheld, waiting for review"),
    ]
)

FIELDS = pa.schema(
    [
        *_KEYS,
        _f("doc_type", pa.string(), "type the fields were extracted for", nullable=False),
        _f("field", pa.string(), "canonical field name", nullable=False),
        _f("value_index", pa.int32(), "position in a list field, from 0", nullable=False),
        _f("status", pa.string(), FIELD_STATUS_DOC, nullable=False),
        _f("value", pa.string(), "value delivered (ISO dates; null: none or withheld)"),
        _f("raw", pa.string(), "value as printed (or as the reviewer typed it)"),
        _f("model_value", pa.string(), "value the model proposed"),
        _f("confidence", pa.float32(), "model confidence in [0, 1]"),
        _f("source", pa.string(), "model or reviewer: who decided the value"),
        _f("review_action", pa.string(), "accept, correct, reject, reclassify or absent"),
        _f("reviewer", pa.string(), "reviewer who decided"),
        _f("reviewed_at", TIMESTAMP, "when the reviewer decided"),
        _f("page_number", pa.int32(), "1-based page the value is on"),
        *_BOX,
        _f("extractor", pa.string(), "what produced the model value"),
        _f("model_version", pa.string(), "field extractor version"),
    ]
)

TABLES = pa.schema(
    [
        *_KEYS,
        _f("page_number", pa.int32(), "1-based page number", nullable=False),
        _f("table_index", pa.int32(), "table on the page, from 0", nullable=False),
        _f("row_index", pa.int32(), "row in the table, from 0", nullable=False),
        _f("column_index", pa.int32(), "column in the table, from 0", nullable=False),
        _f("text", pa.string(), "cell text (null: empty or merged cell)"),
        *[_f(f.name, f.type, f"table {f.metadata[b'doc'].decode()}") for f in _BOX],
    ]
)

SCHEMAS: Mapping[str, pa.Schema] = {
    "documents": DOCUMENTS,
    **{TYPE_TABLES[t]: type_schema(t) for t in TYPE_TABLES},
    "fields": FIELDS,
    "tables": TABLES,
}


def file_name(table: str) -> str:
    return f"{table}.parquet"


def with_version(schema: pa.Schema, client: str, batch_id: str) -> pa.Schema:
    """The schema with ``schema_version``, client and batch in its key-value metadata."""
    meta = {"schema_version": DELIVERABLE_SCHEMA_VERSION, "client": client, "batch_id": batch_id}
    return schema.with_metadata(meta)


def describe() -> dict[str, Any]:
    """The schemas as plain data: table -> columns (name, type, nullable, meaning)."""
    tables = {
        name: [
            {"name": f.name, "type": str(f.type), "nullable": f.nullable,
             "meaning": (f.metadata or {}).get(b"doc", b"").decode()}
            for f in schema
        ]
        for name, schema in SCHEMAS.items()
    }  # fmt: skip
    return {"schema_version": DELIVERABLE_SCHEMA_VERSION, "tables": tables}


def fingerprint() -> dict[str, Any]:
    """What a version bump must follow: every column's name, type and nullability."""
    columns = {
        name: [f"{f.name}: {f.type}{'' if f.nullable else ' not null'}" for f in schema]
        for name, schema in SCHEMAS.items()
    }
    digest = hashlib.sha256(json.dumps(columns, sort_keys=True).encode()).hexdigest()
    return {"schema_version": DELIVERABLE_SCHEMA_VERSION, "sha256": digest, "columns": columns}


def required_bump(old: Mapping[str, list[str]], new: Mapping[str, list[str]]) -> str | None:
    """The version part a change of ``fingerprint()["columns"]`` needs: major, minor or None.

    Adding a nullable column (or a table) is minor; anything else that changes a
    column (rename, retype, removal, a new non-null column) is major.
    """
    bump = None
    for table in set(old) | set(new):
        before, after = old.get(table, []), new.get(table, [])
        if any(column not in after for column in before):
            return "major"
        added = [column for column in after if column not in before]
        if any(column.endswith(" not null") for column in added) and before:
            return "major"
        bump = bump or ("minor" if added else None)
    return bump


FINGERPRINT_PATH = Path("tests/data/deliver/schema_fingerprint.json")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--write-fingerprint"]:
        path = Path(argv[1]) if len(argv) > 1 else FINGERPRINT_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(fingerprint(), indent=2, sort_keys=True) + "\n")
        return
    print(json.dumps(describe(), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
