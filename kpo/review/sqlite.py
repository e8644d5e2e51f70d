"""The review queue in one SQLite file: WAL mode, ``BEGIN IMMEDIATE`` writes, versioned schema.

Each process or thread opens its own connection. A write transaction takes the
database's write lock at ``BEGIN IMMEDIATE``, so a claim reads and updates an
item with no other writer in between: two reviewers never get the same item.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kpo.errors import Errors, WorkspaceError
from kpo.review.sql import Row
from kpo.review.store import ACTIONS_SQL, SCHEMA_VERSION, Dialect

_REFUSE = "SELECT RAISE(ABORT, '{message}')"


def _append_only(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
        f"BEGIN {_REFUSE.format(message=Errors.E507.format(table=table))}; END"
        for verb in ("update", "delete")
    ]


# version -> statements that bring the schema from the version before to it
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE IF NOT EXISTS items (item_id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "client TEXT NOT NULL, batch_id TEXT NOT NULL, doc_id TEXT NOT NULL, path TEXT NOT NULL, "
        "doc_type TEXT NOT NULL, field TEXT, reason TEXT NOT NULL, value TEXT, confidence REAL, "
        "threshold REAL, page_number INTEGER, x0 REAL, top REAL, x1 REAL, bottom REAL, "
        "status TEXT NOT NULL DEFAULT 'open', created_at TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS items_client_status ON items (client, status)",
        "CREATE INDEX IF NOT EXISTS items_batch ON items (client, batch_id)",
    ],
    2: [
        "ALTER TABLE items ADD COLUMN claimed_by TEXT",
        "ALTER TABLE items ADD COLUMN claim_token TEXT",
        "ALTER TABLE items ADD COLUMN lease_until REAL",
        "CREATE TABLE decisions (item_id INTEGER PRIMARY KEY REFERENCES items (item_id), "
        "reviewer TEXT NOT NULL, decided_at REAL NOT NULL, action TEXT NOT NULL CHECK "
        "(action IN ('accept', 'correct', 'reject', 'reclassify')), value TEXT, "
        "page_number INTEGER, x0 REAL, top REAL, x1 REAL, bottom REAL, reason TEXT, doc_type TEXT)",
        "CREATE INDEX decisions_reviewer ON decisions (reviewer, decided_at)",
        "CREATE TABLE audit (entry_id INTEGER PRIMARY KEY AUTOINCREMENT, item_id INTEGER NOT NULL, "
        "client TEXT NOT NULL, reviewer TEXT NOT NULL, acted_at REAL NOT NULL, "
        "action TEXT NOT NULL, before_json TEXT NOT NULL, after_json TEXT NOT NULL)",
        "CREATE INDEX audit_item ON audit (item_id)",
        *_append_only("audit"),
        *_append_only("decisions"),
    ],
    3: [
        "CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
        "role TEXT NOT NULL CHECK (role IN ('reviewer', 'analyst', 'admin')), "
        "clients TEXT NOT NULL, created_at TEXT NOT NULL)",
    ],
    4: [
        "CREATE TABLE web_sessions (session_key TEXT PRIMARY KEY, "
        "user_name TEXT REFERENCES users (name) ON DELETE CASCADE, csrf TEXT NOT NULL, "
        "claims TEXT NOT NULL, filters TEXT NOT NULL, flash TEXT, created_at REAL NOT NULL, "
        "expires_at REAL NOT NULL)",
        "CREATE INDEX web_sessions_expires ON web_sessions (expires_at)",
    ],
    5: [
        "CREATE TABLE login_failures (user_name TEXT PRIMARY KEY, failures INTEGER NOT NULL, "
        "last_failure REAL NOT NULL)",
        "CREATE INDEX login_failures_last ON login_failures (last_failure)",
    ],
    6: [
        "CREATE TABLE login_address_failures (address TEXT PRIMARY KEY, "
        "failures INTEGER NOT NULL, last_failure REAL NOT NULL)",
        "CREATE INDEX login_address_failures_last ON login_address_failures (last_failure)",
        "CREATE TABLE login_devices (device_key TEXT PRIMARY KEY, "
        "user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE, "
        "failures INTEGER NOT NULL, last_failure REAL, created_at REAL NOT NULL, "
        "expires_at REAL NOT NULL)",
        "CREATE INDEX login_devices_user ON login_devices (user_name)",
        "CREATE INDEX login_devices_expires ON login_devices (expires_at)",
    ],
    7: [  # "absent" decisions; undo (an item's revision); skips
        "CREATE TABLE decisions_7 (item_id INTEGER NOT NULL REFERENCES items (item_id), "
        "revision INTEGER NOT NULL DEFAULT 0, reviewer TEXT NOT NULL, decided_at REAL NOT NULL, "
        f"action TEXT NOT NULL CHECK (action IN {ACTIONS_SQL}), value TEXT, "
        "page_number INTEGER, x0 REAL, top REAL, x1 REAL, bottom REAL, reason TEXT, "
        "doc_type TEXT, PRIMARY KEY (item_id, revision))",
        "INSERT INTO decisions_7 (item_id, reviewer, decided_at, action, value, page_number, "
        "x0, top, x1, bottom, reason, doc_type) SELECT item_id, reviewer, decided_at, action, "
        "value, page_number, x0, top, x1, bottom, reason, doc_type FROM decisions",
        "DROP TABLE decisions",  # its triggers go first, and fire not (SQLite's DROP TABLE)
        "ALTER TABLE decisions_7 RENAME TO decisions",
        "CREATE INDEX decisions_reviewer ON decisions (reviewer, decided_at)",
        *_append_only("decisions"),
        "ALTER TABLE items ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
        "CREATE TABLE skips (item_id INTEGER NOT NULL REFERENCES items (item_id) "
        "ON DELETE CASCADE, reviewer TEXT NOT NULL, skipped_at REAL NOT NULL, "
        "PRIMARY KEY (item_id, reviewer))",
    ],
}


class SqliteConnection:
    """A ``Connection`` to a SQLite file (created, and migrated, on first use)."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=60000")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise WorkspaceError(Errors.E402.format(path=self.location, why=exc)) from exc

    def _migrate(self) -> None:
        with self.transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            found = int(row[0]) if row else 0
            if found > SCHEMA_VERSION:
                raise WorkspaceError(
                    Errors.E401.format(path=self.location, found=found, ours=SCHEMA_VERSION)
                )
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def execute(self, sql: str, args: Sequence[object] = ()) -> list[Row]:
        return self._db.execute(sql, tuple(args)).fetchall()

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, [tuple(r) for r in rows])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction: BEGIN IMMEDIATE takes the write lock up front."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
