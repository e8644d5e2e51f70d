"""Rows of the deliverable tables, from a batch's rows and the resolved review decisions.

Every table is sorted by stable keys (document, field, position), so delivering
the same batch with the same decisions gives the same rows in the same order.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from kpo.deliver.schema import AMOUNT, TYPE_TABLES, field_kind
from kpo.deliver.supersede import Resolution, ResolvedType, ResolvedValue, Status
from kpo.fieldspec import CANONICAL_FIELDS
from kpo.normalise.values import parse_amount, parse_date, parse_year
from kpo.records import DocType

Row = dict[str, Any]
_DELIVERED: frozenset[str] = frozenset({"accepted", "reviewed", "pending"})
# For a list field: the status that speaks for the list, first found wins.
_LIST_STATUS: tuple[Status, ...] = (
    "withheld", "pending", "reviewed", "accepted", "rejected", "absent", "not_extracted"
)  # fmt: skip
_QUANTUM = Decimal(1).scaleb(-AMOUNT.scale)
_AMOUNT_MAX = Decimal(10) ** (AMOUNT.precision - AMOUNT.scale)


def timestamp(seconds: float | None) -> dt.datetime | None:
    """Unix seconds as an aware UTC datetime, whole microseconds."""
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(round(seconds, 6), dt.UTC)


def amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """The amount and currency in ``text`` ("$1,250,000.00", "EUR 3.400,50", "KSh 12,000")."""
    parsed = parse_amount(text) if text else None
    if parsed is None:
        return None, None
    try:
        value = parsed.value.quantize(_QUANTUM)
    except InvalidOperation:
        return None, parsed.currency
    return (value if abs(value) < _AMOUNT_MAX else None), parsed.currency


def typed_columns(name: str, value: str | None, raw: str | None) -> Row:
    """The value columns of one field in a typed table (``raw`` kept for typed kinds)."""
    kind = field_kind(name)
    if kind == "date":
        day = (parse_date(value) or parse_date(raw)) if value else None
        return {name: day, f"{name}_raw": raw}
    if kind == "year":
        return {name: parse_year(value) if value else None, f"{name}_raw": raw}
    if kind == "amount":
        number, currency = amount(value)
        if number is None and raw and raw != value:
            number, currency = amount(raw)
        return {name: number, f"{name}_currency": currency, f"{name}_raw": raw}
    return {name: value}


def _scalar(name: str, values: list[ResolvedValue]) -> Row:
    v = values[0]
    return {
        **typed_columns(name, v.value, v.raw),
        f"{name}_confidence": v.confidence,
        f"{name}_source": v.source,
        f"{name}_status": v.status,
    }


def _list(name: str, values: list[ResolvedValue]) -> Row:
    kept = [v for v in values if v.status in _DELIVERED and v.value is not None]
    statuses = {v.status for v in values}
    confidences = [v.confidence for v in kept if v.confidence is not None]
    return {
        name: [v.value for v in kept] if kept else None,
        f"{name}_confidence": min(confidences) if confidences else None,
        f"{name}_source": "reviewer" if any(v.source == "reviewer" for v in kept) else "model",
        f"{name}_status": next(s for s in _LIST_STATUS if s in statuses),
    }


def _not_extracted(name: str) -> Row:
    return {**typed_columns(name, None, None), f"{name}_status": "not_extracted"}


def field_columns(doc_type: DocType, values: list[ResolvedValue]) -> Row:
    """The field columns of one document in its type's table."""
    row: Row = {}
    for name in CANONICAL_FIELDS[doc_type]:
        mine = sorted((v for v in values if v.field == name and v.doc_type == doc_type),
                      key=lambda v: v.index)  # fmt: skip
        if not mine:
            row.update(_not_extracted(name))
        else:
            row.update(_list(name, mine) if field_kind(name) == "list" else _scalar(name, mine))
    return row


def type_rows(
    documents: list[Row], resolution: Resolution, values_by_doc: Mapping[str, list[ResolvedValue]]
) -> dict[str, list[Row]]:
    """Rows of contracts, research_papers, claims and other: one per delivered document."""
    tables: dict[str, list[Row]] = {name: [] for name in TYPE_TABLES.values()}
    for doc in documents:
        resolved = resolution.types.get(doc["doc_id"])
        if doc["status"] == "duplicate" or resolved is None or resolved.doc_type is None:
            continue
        doc_type: DocType = resolved.doc_type  # type: ignore[assignment]
        head = {k: doc[k] for k in ("client", "batch_id", "doc_id", "file_name")}
        head.update(doc_type_confidence=doc["doc_type_confidence"],
                    doc_type_source=resolved.source)  # fmt: skip
        if doc_type == "other":
            head.update(page_count=doc["page_count"], title=doc["title"])
        fields = field_columns(doc_type, values_by_doc.get(doc["doc_id"], []))
        tables[TYPE_TABLES[doc_type]].append({**head, **fields})
    return tables


def document_row(doc: Row, resolved: ResolvedType | None, withheld: int) -> Row:
    keep = ("client", "batch_id", "doc_id", "path", "file_name", "size_bytes", "status",
            "reason", "message", "duplicate_of", "page_count", "doc_type_confidence",
            "classifier_version")  # fmt: skip
    row = {k: doc[k] for k in keep}
    row.update(
        # a batch older than schema 1.3.0 has no such column; it could not hold such paths
        path_escaped=bool(doc.get("path_escaped")),
        doc_type=resolved.doc_type if resolved else None,
        doc_type_model=doc["doc_type"],
        doc_type_source=resolved.source if resolved and doc["doc_type"] else None,
        doc_type_status=resolved.status if resolved and doc["doc_type"] else None,
        doc_type_reviewer=resolved.reviewer if resolved else None,
        doc_type_reviewed_at=timestamp(resolved.reviewed_at) if resolved else None,
        values_withheld=withheld,
    )
    return row


def document_rows(documents: list[Row], resolution: Resolution) -> list[Row]:
    withheld: dict[str, int] = {}
    for v in resolution.values:
        withheld[v.doc_id] = withheld.get(v.doc_id, 0) + (v.status == "withheld")
    rows = []
    for doc in documents:
        if doc["status"] == "duplicate":  # its values are on the first copy's row
            rows.append(document_row(doc, None, 0))
        else:
            resolved = resolution.types.get(doc["doc_id"])
            rows.append(document_row(doc, resolved, withheld.get(doc["doc_id"], 0)))
    return rows


def field_row(client: str, batch_id: str, v: ResolvedValue) -> Row:
    box = v.box
    return {
        "client": client, "batch_id": batch_id, "doc_id": v.doc_id, "doc_type": v.doc_type,
        "field": v.field, "value_index": v.index, "status": v.status, "value": v.value,
        "raw": v.raw, "model_value": v.model_value, "confidence": v.confidence,
        "source": v.source, "review_action": v.action, "reviewer": v.reviewer,
        "reviewed_at": timestamp(v.reviewed_at), "page_number": v.page_number,
        "x0": box.x0 if box else None, "top": box.top if box else None,
        "x1": box.x1 if box else None, "bottom": box.bottom if box else None,
        "extractor": v.extractor, "model_version": v.model_version,
    }  # fmt: skip


def cell_rows(tables: Iterable[Row]) -> list[Row]:
    """The batch's table rows, one row per cell."""
    keys = ("client", "batch_id", "doc_id", "page_number", "table_index", "row_index",
            "x0", "top", "x1", "bottom")  # fmt: skip
    out: list[Row] = []
    for row in tables:
        head = {k: row[k] for k in keys}
        out.extend({**head, "column_index": i, "text": text}
                   for i, text in enumerate(row["cells"] or []))  # fmt: skip
    out.sort(key=lambda r: (r["doc_id"], r["page_number"], r["table_index"], r["row_index"],
                            r["column_index"]))  # fmt: skip
    return out


def _input_root(paths: Sequence[str]) -> PurePosixPath | None:
    """The deepest folder holding every input, or None (no inputs, or mixed kinds of path)."""
    try:
        return PurePosixPath(posixpath.commonpath([posixpath.dirname(p) for p in paths]))
    except ValueError:
        return None


def _relative(path: str | None, root: PurePosixPath | None) -> str | None:
    """``path`` under ``root``: the analyst's own folders stay out of a client's files."""
    if path is None:
        return None
    try:
        return (
            PurePosixPath(path).relative_to(root).as_posix() if root else PurePosixPath(path).name
        )
    except ValueError:  # not under the batch's inputs
        return PurePosixPath(path).name


def sort_documents(documents: Iterable[Row]) -> list[Row]:
    """Documents in a stable order, with paths relative to the batch's input folder.

    Sorted by that path, then id (file names alone may repeat).
    """
    rows = [{**d, "file_name": d.get("file_name") or PurePosixPath(d["path"]).name}
            for d in documents]  # fmt: skip
    root = _input_root([d["path"] for d in rows]) if rows else None
    for row in rows:
        row.update(path=_relative(row["path"], root),
                   duplicate_of=_relative(row["duplicate_of"], root))  # fmt: skip
    return sorted(rows, key=lambda d: (d["path"], d["doc_id"], d["status"]))


def sort_values(values: Iterable[ResolvedValue]) -> list[ResolvedValue]:
    order: dict[tuple[str, str], int] = {
        (t, f): i for t, names in CANONICAL_FIELDS.items() for i, f in enumerate(names)
    }

    def key(v: ResolvedValue) -> tuple[str, str, int, str, int]:
        return (v.doc_id, v.doc_type, order.get((v.doc_type, v.field), 99), v.field, v.index)

    return sorted(values, key=key)


def deliverable_rows(documents: Iterable[Row], resolution: Resolution,
                     batch_tables: Iterable[Row]) -> dict[str, list[Row]]:  # fmt: skip
    """Every table of the deliverable, keyed by table name."""
    docs = sort_documents(documents)
    values = sort_values(resolution.values)
    by_doc: dict[str, list[ResolvedValue]] = {}
    for v in values:
        by_doc.setdefault(v.doc_id, []).append(v)
    client, batch_id = (docs[0]["client"], docs[0]["batch_id"]) if docs else ("", "")
    return {
        "documents": document_rows(docs, resolution),
        **type_rows(docs, resolution, by_doc),
        "fields": [field_row(client, batch_id, v) for v in values],
        "tables": cell_rows(batch_tables),
    }
