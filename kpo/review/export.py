"""Reviewers' decisions as labelled examples, in the corpus label format (labels.jsonl).

One row per reviewed document: ``file``, ``doc_type``, ``fields`` and ``boxes`` as
in the corpus README, plus where the labels came from. A field is labelled when a
reviewer accepted or corrected a value, and labelled ``null`` (a list field ``[]``)
when they marked it absent from the document; a rejected value is left out (a
missing key means "not known", as in the corpus). List fields (parties, authors)
collect their reviewed items in queue order. A box drawn with a correction is in
``boxes`` as ``[page, x0, top, x1, bottom]``, keyed by field (``name[i]`` for the
i-th item of a list field), as generated sets write them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from kpo.fieldspec import LIST_FIELDS
from kpo.records import DOC_TYPES
from kpo.review.model import ItemFilter, QueueItem, iso
from kpo.review.service import ReviewService

_ALL = 10**9


def _label(item: QueueItem) -> str | None:
    """The value a decision vouches for, or None."""
    d = item.decision
    if d is None or d.decision.action in ("reject", "reclassify", "absent"):
        return None
    return d.decision.value if d.decision.action == "correct" else item.value


def _doc_type(items: list[QueueItem]) -> str:
    for item in items:
        d = item.decision
        if d and d.decision.action == "reclassify" and d.decision.doc_type:
            return d.decision.doc_type
    for item in items:
        if item.field is None and (value := _label(item)) in DOC_TYPES:
            return str(value)  # an accepted document type (or corrected, before typed answers)
    return items[0].doc_type


def _absent(item: QueueItem) -> bool:
    return item.decision is not None and item.decision.decision.action == "absent"


def _fields(items: list[QueueItem]) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """The labelled fields and the boxes drawn with their corrections."""
    fields: dict[str, Any] = {}
    boxes: dict[str, list[float]] = {}
    for item in items:
        value, key = _label(item), item.field
        if key is None or (value is None and not _absent(item)):
            continue
        if key in LIST_FIELDS:
            found = fields.setdefault(key, [])
            if value is None:
                continue  # absent: the list stays as reviewed, [] if nothing else
            key = f"{key}[{len(found)}]"
            found.append(value)
        elif key not in fields or value is not None:
            fields[key] = value
        if value is not None and (box := _drawn(item)):
            boxes[key] = box
    return fields, boxes


def _drawn(item: QueueItem) -> list[float] | None:
    """``[page, x0, top, x1, bottom]`` of a box drawn with a correction, or None."""
    d = item.decision.decision if item.decision else None
    if d is None or d.action != "correct" or d.box is None or d.page_number is None:
        return None
    return [float(d.page_number), d.box.x0, d.box.top, d.box.x1, d.box.bottom]


def document_label(items: list[QueueItem]) -> dict[str, Any]:
    """One labels.jsonl row from the decided items of one document."""
    first = items[0]
    decided = [i.decision for i in items if i.decision]
    fields, boxes = _fields(items)
    return {
        "file": first.path,
        "doc_type": _doc_type(items),
        "fields": fields,
        **({"boxes": boxes} if boxes else {}),
        "doc_id": first.doc_id,
        "client": first.client,
        "batch_id": first.batch_id,
        "reviewed": sorted({i.field or "doc_type" for i in items}),
        "reviewers": sorted({d.reviewer for d in decided}),
        "reviewed_at": iso(max(d.decided_at for d in decided)),
        "source": "kpo review",
    }


def _by_document(items: Iterable[QueueItem]) -> dict[tuple[str, str, str], list[QueueItem]]:
    grouped: dict[tuple[str, str, str], list[QueueItem]] = {}
    for item in items:
        grouped.setdefault((item.client, item.batch_id, item.doc_id), []).append(item)
    return grouped


def export_labels(
    service: ReviewService, client: str | None = None, batch_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Labelled examples from every decided item (of a client and batch)."""
    done = service.list_items(
        ItemFilter(client=client, batch_id=batch_id, status="done", limit=_ALL)
    )
    for items in _by_document(done).values():
        yield document_label(items)


def write_labels(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write rows as JSON lines; return how many."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
