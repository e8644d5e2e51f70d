"""Read a batch's ``documents`` and ``fields`` tables into per-document predictions.

Accepts pyarrow Tables, pandas DataFrames or sequences of row dicts, so the
scoring core needs neither pyarrow nor pandas at import time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kpo.records import DocType

Row = Mapping[str, Any]
# A pyarrow Table, a pandas DataFrame, or an iterable of row mappings.
TableLike = Any


class GoldRecord(Protocol):
    """What scoring reads of a gold label: ``kpo.datasets.labels.LabelRecord`` fits.

    A protocol, so the core does not import ``kpo.datasets`` (imports flow one way).
    """

    @property
    def file(self) -> str: ...
    @property
    def doc_type(self) -> DocType: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PredictedValue:
    """One found value of a field (a list field has one per item)."""

    value: str
    confidence: float | None
    index: int = 0


@dataclass(frozen=True, slots=True)
class PredictedDocument:
    """What a batch predicted for one document."""

    doc_type: str | None
    type_confidence: float | None
    values: Mapping[str, tuple[PredictedValue, ...]] = field(default_factory=dict)


def table_rows(table: TableLike) -> list[dict[str, Any]]:
    """Rows as dicts, with NaN (pandas' missing float) turned into None."""
    if table is None:
        return []
    if hasattr(table, "to_pylist"):
        rows = table.to_pylist()
    elif hasattr(table, "to_dict"):
        rows = table.to_dict(orient="records")
    else:
        rows = [dict(r) for r in table]
    return [{k: _clean(v) for k, v in row.items()} for row in rows]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return _clean(value.item())
    return value


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _document_types(rows: Iterable[Row]) -> dict[str, tuple[str | None, float | None]]:
    """doc_id -> (type, confidence); a row with a type wins over one without
    (a duplicate's row has no type)."""
    types: dict[str, tuple[str | None, float | None]] = {}
    for row in rows:
        doc_id = str(row["doc_id"])
        if types.get(doc_id, (None, None))[0] is None:
            types[doc_id] = (row.get("doc_type"), _float(row.get("doc_type_confidence")))
    return types


def _found_values(rows: Iterable[Row]) -> dict[str, dict[str, list[PredictedValue]]]:
    """doc_id -> field -> found values, ordered by value_index."""
    found: dict[str, dict[str, list[PredictedValue]]] = {}
    for row in rows:
        if row.get("status", "found") != "found" or row.get("value") is None:
            continue
        value = PredictedValue(
            str(row["value"]), _float(row.get("confidence")), int(row.get("value_index") or 0)
        )
        found.setdefault(str(row["doc_id"]), {}).setdefault(str(row["field"]), []).append(value)
    return found


def read_predictions(documents: TableLike, fields: TableLike) -> dict[str, PredictedDocument]:
    """doc_id -> PredictedDocument. A doc_id only in ``fields`` gets no type."""
    types = _document_types(table_rows(documents))
    found = _found_values(table_rows(fields))
    predictions = {}
    for doc_id in types.keys() | found.keys():
        doc_type, confidence = types.get(doc_id, (None, None))
        values = {
            name: tuple(sorted(vals, key=lambda v: v.index))
            for name, vals in found.get(doc_id, {}).items()
        }
        predictions[doc_id] = PredictedDocument(doc_type, confidence, values)
    return predictions
