"""Reviewed values supersede model values: merge a batch's review decisions into its fields.

A field value (a row of the batch's ``fields`` table) meets its review item by
document, field and proposed value (an absent field by document and field). The
decision then says what is delivered:

- ``accept``: the model's value, source ``reviewer``;
- ``correct``: the reviewer's value (and box, when given), source ``reviewer``;
- ``reject``: no value (status ``rejected``; for a missing field, ``absent``);
- ``absent`` (the value is not in the document): no value, status ``absent``;
- ``reclassify`` (on any item of a document): the document's type.

An item still waiting for a decision withholds its value (status ``withheld``),
or delivers it marked ``pending`` with ``include_pending``. Items drawn for the
audit sample (``audit_sample``) were accepted automatically, so they withhold nothing
until decided. A document whose type waits for review withholds all its values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from kpo.records import DOC_TYPES, Box
from kpo.review.model import QueueItem

Source = Literal["model", "reviewer"]
Status = Literal[
    "accepted", "reviewed", "rejected", "pending", "withheld", "absent", "not_extracted"
]
Row = dict[str, Any]
_Key = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class ResolvedValue:
    """One field value as delivered, with where it came from."""

    doc_id: str
    doc_type: str
    field: str
    index: int
    status: Status
    value: str | None
    raw: str | None
    model_value: str | None
    confidence: float | None
    source: Source | None
    action: str | None = None
    reviewer: str | None = None
    reviewed_at: float | None = None  # Unix seconds
    page_number: int | None = None
    box: Box | None = None
    extractor: str | None = None
    model_version: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedType:
    """A document's type as delivered (None: withheld or rejected)."""

    doc_id: str
    doc_type: str | None
    model_doc_type: str | None
    status: Status
    source: Source
    reviewer: str | None = None
    reviewed_at: float | None = None


@dataclass(frozen=True)
class Resolution:
    """The delivered types (by document id) and field values of one batch."""

    types: Mapping[str, ResolvedType]
    values: tuple[ResolvedValue, ...]


def _waiting(item: QueueItem) -> bool:
    """Undecided, and not merely an audit sample of an automatically accepted value."""
    return item.decision is None and item.reason != "audit_sample"


def index_items(items: Iterable[QueueItem]) -> dict[_Key, QueueItem]:
    """Items by (document, field, proposed value); a decided item wins over an undecided one."""
    found: dict[_Key, QueueItem] = {}
    for item in sorted(items, key=lambda i: (i.decision is not None, i.item_id)):
        found[(item.doc_id, item.field, item.value)] = item
    return found


def _box(row: Row) -> Box | None:
    if row.get("x0") is None:
        return None
    return Box(row["x0"], row["top"], row["x1"], row["bottom"])


def model_value(row: Row) -> ResolvedValue:
    """A batch ``fields`` row as the model left it."""
    found = row["status"] == "found"
    return ResolvedValue(
        doc_id=row["doc_id"], doc_type=row["doc_type"], field=row["field"],
        index=row["value_index"], status="accepted" if found else "absent",
        value=row["value"], raw=row["raw"], model_value=row["value"],
        confidence=row["confidence"], source="model", page_number=row["page_number"],
        box=_box(row), extractor=row["extractor"], model_version=row["model_version"],
    )  # fmt: skip


def apply_item(
    value: ResolvedValue, item: QueueItem | None, include_pending: bool
) -> ResolvedValue:
    """The value once its review item (if any) is taken into account."""
    if item is None or (item.decision is None and not _waiting(item)):
        return value
    if item.decision is None:
        if include_pending and value.status == "accepted":
            return replace(value, status="pending")
        return replace(value, status="withheld", value=None, raw=None, model_value=None)
    record, d = item.decision, item.decision.decision
    decided = replace(value, source="reviewer", action=d.action, reviewer=record.reviewer,
                      reviewed_at=record.decided_at)  # fmt: skip
    if d.action == "accept":
        return replace(decided, status="reviewed")
    if d.action == "correct":
        box = d.box or decided.box
        page = d.page_number if d.box is not None else decided.page_number
        return replace(decided, status="reviewed", value=d.value, raw=d.value, box=box,
                       page_number=page)  # fmt: skip
    if d.action == "reject":
        status: Status = "absent" if value.status == "absent" else "rejected"
        return replace(decided, status=status, value=None, raw=None)
    if d.action == "absent":
        return replace(decided, status="absent", value=None, raw=None, page_number=None, box=None)
    return value  # reclassify: the document's type changes, see resolve_type


def resolve_type(doc: Row, items: list[QueueItem], include_pending: bool) -> ResolvedType:
    """The delivered type of one document from its model type and its review items."""
    model = doc.get("doc_type")
    base = ResolvedType(doc["doc_id"], model, model, "accepted", "model")
    decided = sorted((i for i in items if i.decision), key=lambda i: i.decision.decided_at)  # type: ignore[union-attr]
    for item in reversed(decided):
        assert item.decision is not None
        d, who, at = item.decision.decision, item.decision.reviewer, item.decision.decided_at
        if d.action == "reclassify":
            return replace(base, doc_type=d.doc_type, status="reviewed", source="reviewer",
                           reviewer=who, reviewed_at=at)  # fmt: skip
        if item.field is None:
            return _type_decision(base, d.action, d.value, who, at)
    if any(_waiting(i) for i in items if i.field is None):
        if include_pending:
            return replace(base, status="pending")
        return replace(base, doc_type=None, status="withheld")
    return base


def _type_decision(
    base: ResolvedType, action: str, value: str | None, who: str, at: float
) -> ResolvedType:
    decided = replace(base, source="reviewer", reviewer=who, reviewed_at=at)
    if action == "reject":
        return replace(decided, doc_type=None, status="rejected")
    if action == "correct" and value in DOC_TYPES:
        return replace(decided, doc_type=value, status="reviewed")
    return replace(decided, status="reviewed")


def supersede(
    documents: Iterable[Row],
    fields: Iterable[Row],
    items: Iterable[QueueItem],
    *,
    include_pending: bool = False,
) -> Resolution:
    """Merge the review items of one client's batch into its documents' types and fields.

    ``documents`` and ``fields`` are rows of the batch tables; ``items`` the queue items
    of the same client and batch (decided and undecided).
    """
    items = list(items)
    by_key = index_items(items)
    by_doc: dict[str, list[QueueItem]] = {}
    for item in items:
        by_doc.setdefault(item.doc_id, []).append(item)
    types = {
        doc["doc_id"]: resolve_type(doc, by_doc.get(doc["doc_id"], []), include_pending)
        for doc in documents
        if doc["status"] != "duplicate"
    }
    values = []
    for row in fields:
        value = model_value(row)
        value = apply_item(value, by_key.get((row["doc_id"], row["field"], row["value"])),
                           include_pending)  # fmt: skip
        resolved = types.get(row["doc_id"])
        if resolved is not None and resolved.status == "withheld" and value.value is not None:
            value = replace(value, status="withheld", value=None, raw=None, model_value=None)
        values.append(value)
    return Resolution(types, tuple(values))
