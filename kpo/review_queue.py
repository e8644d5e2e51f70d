"""The review queue: SQLite in the workspace, schema versioned, WAL mode.

``kpo run`` adds items here; reviewers clear them (claims, decisions and the
audit log build on this table). Writes happen in ``BEGIN IMMEDIATE``
transactions so that many processes can share the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kpo.errors import Errors, WorkspaceError
from kpo.records import ReviewItem

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    item_id INTEGER PRIMARY KEY AUTOINCREMENT,
    client TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    path TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    field TEXT,
    reason TEXT NOT NULL,
    value TEXT,
    confidence REAL,
    threshold REAL,
    page_number INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_client_status ON items (client, status);
CREATE INDEX IF NOT EXISTS items_batch ON items (client, batch_id);
"""

_INSERT = """
INSERT INTO items (client, batch_id, doc_id, path, doc_type, field, reason, value,
    confidence, threshold, page_number, x0, top, x1, bottom, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Items of one client (and batch), by status and by reason."""

    total: int
    by_status: Mapping[str, int]
    by_reason: Mapping[str, int]

    @property
    def open(self) -> int:
        return self.by_status.get("open", 0)


def _row(client: str, batch_id: str, path: str, item: ReviewItem, now: str) -> tuple[object, ...]:
    box = item.box
    coords = (box.x0, box.top, box.x1, box.bottom) if box else (None, None, None, None)
    return (
        client, batch_id, item.doc_id, path, item.doc_type, item.field, item.reason,
        item.value, item.confidence, item.threshold, item.page_number, *coords, now,
    )  # fmt: skip


class ReviewQueue:
    """A review queue stored in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except sqlite3.Error as exc:
            raise WorkspaceError(Errors.E402.format(path=str(self.path), why=exc)) from exc

    def _migrate(self) -> None:
        with self.transaction() as db:
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            found = int(row[0]) if row else 0
            if found > SCHEMA_VERSION:
                raise WorkspaceError(
                    Errors.E401.format(path=str(self.path), found=found, ours=SCHEMA_VERSION)
                )
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken with BEGIN IMMEDIATE (one writer at a time)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add_batch(
        self,
        client: str,
        batch_id: str,
        items: Iterable[tuple[str, ReviewItem]],
    ) -> int:
        """Replace the items of a batch with ``items`` ((path, item) pairs); return the count."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [_row(client, batch_id, path, item, now) for path, item in items]
        with self.transaction() as db:
            db.execute("DELETE FROM items WHERE client = ? AND batch_id = ?", (client, batch_id))
            db.executemany(_INSERT, rows)
        return len(rows)

    def counts(self, client: str | None = None, batch_id: str | None = None) -> QueueCounts:
        """Count items, optionally of one client and batch."""
        where, args = _filters(client, batch_id)
        by_status = self._group("status", where, args)
        by_reason = self._group("reason", where, args)
        return QueueCounts(sum(by_status.values()), by_status, by_reason)

    def _group(self, column: str, where: str, args: tuple[str, ...]) -> dict[str, int]:
        sql = f"SELECT {column}, COUNT(*) FROM items {where} GROUP BY {column}"
        return {key: count for key, count in self._db.execute(sql, args)}

    def items(self, client: str, batch_id: str | None = None) -> list[sqlite3.Row]:
        """The items of a client (and batch), oldest first."""
        where, args = _filters(client, batch_id)
        self._db.row_factory = sqlite3.Row
        try:
            return list(self._db.execute(f"SELECT * FROM items {where} ORDER BY item_id", args))
        finally:
            self._db.row_factory = None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReviewQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _filters(client: str | None, batch_id: str | None) -> tuple[str, tuple[str, ...]]:
    clauses, args = [], []
    if client is not None:
        clauses.append("client = ?")
        args.append(client)
    if batch_id is not None:
        clauses.append("batch_id = ?")
        args.append(batch_id)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)
