"""The review queue's SQL: the statements ``Store`` runs and the records read from their rows.

Statements use ``?`` placeholders (kpo/review/postgres.py turns them into ``%s``).
An item's effective status counts a claim whose lease ran out as open. An item's live
decision is the one of its current ``revision``: an undo moves the item to the next
revision and leaves the undone decision where it was (the table is append-only).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpo.records import Box
from kpo.review.model import SORT_KEYS, Decision, DecisionRecord, ItemFilter, QueueItem

Row = tuple[Any, ...]

EFFECTIVE = "CASE WHEN i.status = 'claimed' AND i.lease_until < ? THEN 'open' ELSE i.status END"
COLUMNS = (
    "i.item_id, i.client, i.batch_id, i.doc_id, i.path, i.doc_type, i.field, i.reason, "
    "i.value, i.confidence, i.threshold, i.page_number, i.x0, i.top, i.x1, i.bottom, "
    f"{EFFECTIVE}, i.created_at, i.claimed_by, i.lease_until, "
    "d.reviewer, d.decided_at, d.action, d.value, d.page_number, d.x0, d.top, d.x1, d.bottom, "
    "d.reason, d.doc_type"
)
LIVE = "d.item_id = i.item_id AND d.revision = i.revision"  # an item's live decision
FROM = f"FROM items i LEFT JOIN decisions d ON {LIVE}"
SELECT = f"SELECT {COLUMNS} {FROM}"
INSERT_ITEM = """
INSERT INTO items (client, batch_id, doc_id, path, doc_type, field, reason, value,
    confidence, threshold, page_number, x0, top, x1, bottom, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
INSERT_DECISION = """
INSERT INTO decisions (item_id, revision, reviewer, decided_at, action, value, page_number,
    x0, top, x1, bottom, reason, doc_type)
VALUES (?, (SELECT revision FROM items WHERE item_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
# the raw state of an item that ``reviewer`` holds under ``token`` (its lease may have run out)
HELD = "item_id = ? AND status = 'claimed' AND claimed_by = ? AND claim_token = ?"
# a decided item whose lease ``reviewer`` still holds under ``token`` at a time (for undo)
UNDOABLE = (
    "item_id = ? AND status = 'done' AND claimed_by = ? AND claim_token = ? AND lease_until >= ?"
)
INSERT_AUDIT = """
INSERT INTO audit (item_id, client, reviewer, acted_at, action, before_json, after_json)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""


def _box(values: Sequence[Any]) -> Box | None:
    return None if values[0] is None else Box(*(float(v) for v in values))


def _decision(row: Row, item_id: int) -> DecisionRecord | None:
    if row[0] is None:
        return None
    reviewer, decided_at, action, value, page, *rest = row
    box, reason, doc_type = _box(rest[:4]), rest[4], rest[5]
    decision = Decision(action, value, box, page, reason, doc_type)
    return DecisionRecord(item_id, reviewer, float(decided_at), decision)


def item_from_row(row: Row) -> QueueItem:
    """A ``QueueItem`` from a row of ``SELECT``."""
    item_id, client, batch_id, doc_id, path, doc_type, field, reason = row[:8]
    value, confidence, threshold, page_number = row[8:12]
    status, created_at, claimed_by, lease_until = row[16:20]
    claimed = status == "claimed"
    return QueueItem(
        item_id,
        client,
        batch_id,
        doc_id,
        path,
        doc_type,
        field,
        reason,
        value,
        confidence,
        threshold,
        page_number,
        _box(row[12:16]),
        status,
        created_at,
        claimed_by=claimed_by if claimed else None,
        lease_until=float(lease_until) if claimed else None,
        decision=_decision(row[20:], item_id),
    )


def _like(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere (its own ``%``, ``_`` and ``\\`` escaped)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_SEARCHED = ("i.path", "COALESCE(i.field, '')", "COALESCE(i.value, '')")
_SEARCH = "(" + " OR ".join(f"LOWER({c}) LIKE ? ESCAPE '\\'" for c in _SEARCHED) + ")"
_SORT_COLUMNS = {key: f"i.{key}" for key in SORT_KEYS}  # the only names ORDER BY is given
_TEXT_SORT = frozenset({"path", "field", "reason"})  # compared without case
_NULLABLE = frozenset({"confidence", "field"})


def order_clause(flt: ItemFilter, pg: bool = False) -> str:
    """``ORDER BY`` terms: the filter's sort key (empty values last either way), then item id.

    Text is compared lower-cased, character by character on both backends (PostgreSQL's
    locale would otherwise order it another way than SQLite).
    """
    column = key = _SORT_COLUMNS[flt.sort]
    if flt.sort in _TEXT_SORT:
        key = f"LOWER({column})" + (' COLLATE "C"' if pg else "")
    nulls = f"({column} IS NULL), " if flt.sort in _NULLABLE else ""
    if flt.sort == "item_id":  # the queue's own order: the primary key's index, nothing to sort
        return f"i.item_id{' DESC' if flt.descending else ''}"
    return f"{nulls}{key}{' DESC' if flt.descending else ''}, i.item_id"


def where_clause(flt: ItemFilter, now: float) -> tuple[str, list[object]]:
    clauses, args = ["1 = 1"], []
    for column in ("client", "batch_id", "reason", "doc_type", "field", "doc_id"):
        value = getattr(flt, column)
        if value is not None:
            clauses.append(f"i.{column} = ?")
            args.append(value)
    if flt.status is not None:
        clauses.append(f"{EFFECTIVE} = ?")
        args += [now, flt.status]
    if flt.reviewer is not None:
        clauses.append("(d.reviewer = ? OR (i.status = 'claimed' AND i.claimed_by = ?))")
        args += [flt.reviewer, flt.reviewer]
    if flt.search and flt.search.strip():
        clauses.append(_SEARCH)
        args += [_like(flt.search.strip())] * len(_SEARCHED)
    return " AND ".join(clauses), args
