"""The review queue's storage: one SQL layer over two backends (SQLite, PostgreSQL).

A backend is a ``Connection``: it runs SQL written with ``?`` placeholders, opens
write transactions, and names its dialect. ``Store`` holds every statement the
queue needs; the only difference between the backends here is row locking:
PostgreSQL locks the row it claims (``FOR UPDATE SKIP LOCKED``), SQLite takes the
whole database for each write transaction (``BEGIN IMMEDIATE``).

Every write that changes a claim (take, renew, release, decide, undo) states in its
own ``WHERE`` the state it expects the item in, and says whether it changed a row: a
claim can never write over a decision that committed while it waited for the row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, Literal, Protocol

from kpo.review.model import (
    ACTIONS,
    AuditEntry,
    Decision,
    ItemFilter,
    QueueItem,
)
from kpo.review.sql import (
    EFFECTIVE,
    FROM,
    HELD,
    INSERT_AUDIT,
    INSERT_DECISION,
    INSERT_ITEM,
    LIVE,
    SELECT,
    UNDOABLE,
    Row,
    item_from_row,
    order_clause,
    where_clause,
)

SCHEMA_VERSION = 7
ACTIONS_SQL = "(" + ", ".join(f"'{a}'" for a in ACTIONS) + ")"  # the decisions' CHECK
Dialect = Literal["sqlite", "postgresql"]


class Connection(Protocol):
    """What a storage backend provides."""

    dialect: Dialect
    location: str  # a path or a URL without password, for messages

    def execute(self, sql: str, args: Sequence[object] = ()) -> list[Row]: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...


class Store:
    """Every statement of the review queue, over one backend connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._pg = conn.dialect == "postgresql"

    def transaction(self) -> AbstractContextManager[None]:
        return self.conn.transaction()

    def close(self) -> None:
        self.conn.close()

    # reads -----------------------------------------------------------------

    def get(self, item_id: int, now: float, *, lock: bool = False) -> QueueItem | None:
        """One item; ``lock`` holds its row until the transaction ends (PostgreSQL).

        The lock is taken first, on the items row alone, and the item is read after it
        by a second statement. In READ COMMITTED a locking read that waited for another
        transaction re-reads only the locked row once it commits, not the rows it is
        joined to: one read of item and decision would show a freshly decided item as
        ``done`` with no decision. A new statement sees everything committed before it.
        """
        if lock and self._pg:
            self.conn.execute("SELECT item_id FROM items WHERE item_id = ? FOR UPDATE", [item_id])
        rows = self.conn.execute(f"{SELECT} WHERE i.item_id = ?", [now, item_id])
        return item_from_row(rows[0]) if rows else None

    def select(self, flt: ItemFilter, now: float) -> list[QueueItem]:
        where, args = where_clause(flt, now)
        sql = f"{SELECT} WHERE {where} ORDER BY {order_clause(flt, self._pg)} LIMIT ? OFFSET ?"
        return [item_from_row(r) for r in self.conn.execute(sql, [now, *args, flt.limit,
                                                                   flt.offset])]  # fmt: skip

    def next_available(self, flt: ItemFilter, now: float, reviewer: str) -> int | None:
        """The first open item (or one whose lease expired) matching ``flt``, locked.

        In ``flt``'s order, except that the items ``reviewer`` skipped come after all
        others, the one skipped longest ago first.
        """
        where, args = where_clause(replace(flt, status=None, reviewer=None), now)
        where += " AND (i.status = 'open' OR (i.status = 'claimed' AND i.lease_until < ?))"
        order = order_clause(flt, self._pg)
        lock = " FOR UPDATE OF i SKIP LOCKED" if self._pg else ""
        skipped = "SELECT s.item_id FROM skips s WHERE s.reviewer = ?"  # read once, not per item
        fresh = f"SELECT i.item_id FROM items i WHERE {where} AND i.item_id NOT IN ({skipped}) "
        rows = self.conn.execute(f"{fresh} ORDER BY {order} LIMIT 1{lock}", [*args, now, reviewer])
        if not rows:  # then the skipped ones, the one skipped longest ago first
            sql = (
                "SELECT i.item_id FROM items i JOIN skips s ON s.item_id = i.item_id AND "
                f"s.reviewer = ? WHERE {where} ORDER BY s.skipped_at, {order} LIMIT 1{lock}"
            )
            rows = self.conn.execute(sql, [reviewer, *args, now])
        return int(rows[0][0]) if rows else None

    def audit(self, item_id: int | None = None, client: str | None = None) -> list[AuditEntry]:
        clauses, args = ["1 = 1"], list[object]()
        for column, value in (("item_id", item_id), ("client", client)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        sql = (
            "SELECT entry_id, item_id, client, reviewer, acted_at, action, before_json, "
            f"after_json FROM audit WHERE {' AND '.join(clauses)} ORDER BY entry_id"
        )
        return [
            AuditEntry(r[0], r[1], r[2], r[3], float(r[4]), r[5], json.loads(r[6]),
                       json.loads(r[7]))
            for r in self.conn.execute(sql, args)
        ]  # fmt: skip

    def count_by(self, column: str, flt: ItemFilter, now: float) -> dict[tuple[str, ...], int]:
        """Counts grouped by effective status and ``column`` (a fixed column name)."""
        where, args = where_clause(flt, now)
        grouped = f"GROUP BY s, {column}"
        sql = f"SELECT {EFFECTIVE} AS s, {column}, COUNT(*) {FROM} WHERE {where} {grouped}"
        return {(str(r[0]), str(r[1])): int(r[2]) for r in self.conn.execute(sql, [now, *args])}

    def clients(self) -> list[str]:
        """Every client that has items, sorted."""
        rows = self.conn.execute("SELECT DISTINCT client FROM items ORDER BY client")
        return [str(r[0]) for r in rows]

    def batches(self, client: str) -> list[str]:
        """The batches of a client that have items, newest id first."""
        sql = "SELECT DISTINCT batch_id FROM items WHERE client = ? ORDER BY batch_id DESC"
        return [str(r[0]) for r in self.conn.execute(sql, [client])]

    def reviewer_rates(self, client: str | None) -> list[Row]:
        where, args = ("WHERE i.client = ?", [client]) if client is not None else ("", [])
        sql = (
            "SELECT d.reviewer, COUNT(*), MIN(d.decided_at), MAX(d.decided_at) FROM decisions d "
            f"JOIN items i ON {LIVE} {where} GROUP BY d.reviewer ORDER BY d.reviewer"
        )
        return self.conn.execute(sql, args)

    def decided_by(self, reviewer: str, client: str | None, since: float) -> tuple[int, int]:
        """(live decisions of ``reviewer`` since ``since``, all of them), of one client or all."""
        where, args = where_clause(ItemFilter(client), 0.0)
        sql = (
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN d.decided_at >= ? THEN 1 ELSE 0 END), 0) "
            f"FROM decisions d JOIN items i ON {LIVE} WHERE d.reviewer = ? AND {where}"
        )
        total, recent = self.conn.execute(sql, [since, reviewer, *args])[0]
        return int(recent), int(total)

    def oldest_open(self, client: str | None, now: float) -> str | None:
        """When the oldest open item (of one client or all) was queued (ISO text), or None."""
        where, args = where_clause(ItemFilter(client, status="open"), now)
        rows = self.conn.execute(f"SELECT MIN(i.created_at) FROM items i WHERE {where}", args)
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    # writes (call inside a transaction) -----------------------------------

    def take(self, item_id: int, reviewer: str, token: str, until: float, now: float) -> bool:
        """Claim an item that is open, or already ``reviewer``'s, or whose lease ran out.

        False, and nothing written, when the item is decided or another reviewer's
        lease still runs: the check is in the statement that writes.
        """
        return self._changed(
            "UPDATE items SET status = 'claimed', claimed_by = ?, claim_token = ?, "
            "lease_until = ? WHERE item_id = ? AND (status = 'open' OR (status = 'claimed' "
            "AND (claimed_by = ? OR lease_until < ?)))",
            [reviewer, token, until, item_id, reviewer, now],
        )

    def renew(self, item_id: int, reviewer: str, token: str, until: float) -> bool:
        """Move a claim's lease to ``until``; False unless ``reviewer`` holds it under ``token``."""
        sql = f"UPDATE items SET lease_until = ? WHERE {HELD}"
        return self._changed(sql, [until, item_id, reviewer, token])

    def release(self, item_id: int, reviewer: str, token: str) -> bool:
        """Give a claimed item back to the queue; False unless held under ``token``."""
        sql = (
            "UPDATE items SET status = 'open', claimed_by = NULL, claim_token = NULL, "
            f"lease_until = NULL WHERE {HELD}"
        )
        return self._changed(sql, [item_id, reviewer, token])

    def claim_token(self, item_id: int) -> tuple[str | None, str | None]:
        """The raw claim (token, reviewer) of an item, whether or not its lease has expired."""
        sql = "SELECT claim_token, claimed_by FROM items WHERE item_id = ?"
        rows = self.conn.execute(sql, [item_id])
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def insert_decision(
        self, item_id: int, reviewer: str, token: str, at: float, d: Decision
    ) -> bool:
        """Close an item held under ``token`` with its decision; False (nothing written) if not.

        The claim stays on the item (reviewer, token, lease) so that its reviewer can
        undo the decision while the lease runs; a done item is never claimed again.
        """
        if not self._changed(f"UPDATE items SET status = 'done' WHERE {HELD}",
                             [item_id, reviewer, token]):  # fmt: skip
            return False
        box = (d.box.x0, d.box.top, d.box.x1, d.box.bottom) if d.box else (None,) * 4
        args = [item_id, item_id, reviewer, at, d.action, d.value, d.page_number, *box, d.reason]
        self.conn.execute(INSERT_DECISION, [*args, d.doc_type])
        return True

    def undo_decision(self, item_id: int, reviewer: str, token: str, now: float) -> bool:
        """Reopen a decided item as claimed under its lease; False unless it is still held.

        The item moves to its next revision: the undone decision stays in the
        append-only table, and is no longer the item's live decision.
        """
        sql = f"UPDATE items SET status = 'claimed', revision = revision + 1 WHERE {UNDOABLE}"
        return self._changed(sql, [item_id, reviewer, token, now])

    def lease(self, item_id: int) -> tuple[str | None, str | None, float | None]:
        """The raw claim (token, reviewer, lease end) of an item, decided or not."""
        sql = "SELECT claim_token, claimed_by, lease_until FROM items WHERE item_id = ?"
        rows = self.conn.execute(sql, [item_id])
        if not rows or rows[0][2] is None:
            return (rows[0][0], rows[0][1], None) if rows else (None, None, None)
        return rows[0][0], rows[0][1], float(rows[0][2])

    def remember_skip(self, item_id: int, reviewer: str, at: float) -> None:
        """Note that ``reviewer`` skipped the item at ``at`` (a later skip moves it back)."""
        self.conn.execute(
            "INSERT INTO skips (item_id, reviewer, skipped_at) VALUES (?, ?, ?) ON CONFLICT "
            "(item_id, reviewer) DO UPDATE SET skipped_at = excluded.skipped_at",
            [item_id, reviewer, at],
        )

    def _changed(self, update: str, args: Sequence[object]) -> bool:
        """Run an ``UPDATE`` of one item; whether it changed a row."""
        if self._pg:
            return bool(self.conn.execute(f"{update} RETURNING item_id", args))
        self.conn.execute(update, args)  # changes() rather than RETURNING: SQLite before 3.35
        return int(self.conn.execute("SELECT changes()")[0][0]) > 0

    def append_audit(self, item: QueueItem, reviewer: str, at: float, action: str,
                     before: dict[str, Any], after: dict[str, Any]) -> None:  # fmt: skip
        args = [item.item_id, item.client, reviewer, at, action,
                json.dumps(before, sort_keys=True), json.dumps(after, sort_keys=True)]  # fmt: skip
        self.conn.execute(INSERT_AUDIT, args)

    def replace_batch(self, client: str, batch_id: str, rows: Iterable[Sequence[object]]) -> int:
        """Replace the undecided items of a batch; decided ones stay (decisions are final).

        An item whose decision was undone stays too (its undone decision refers to it).
        The delete comes first: on PostgreSQL it waits for a decision being committed and
        then spares that item, which the select after it sees as decided (read the other
        way round, an item decided in between was both kept and queued again).
        """
        self.conn.execute(
            "DELETE FROM items WHERE client = ? AND batch_id = ? AND status <> 'done' AND "
            "NOT EXISTS (SELECT 1 FROM decisions d WHERE d.item_id = items.item_id)",
            [client, batch_id],
        )
        decided = self.conn.execute(
            "SELECT doc_id, field, reason FROM items WHERE client = ? AND batch_id = ?",
            [client, batch_id],
        )
        keep = {tuple(r) for r in decided}
        fresh = [r for r in rows if (r[2], r[5], r[6]) not in keep]
        if fresh:
            self.conn.executemany(INSERT_ITEM, fresh)
        return len(fresh)
