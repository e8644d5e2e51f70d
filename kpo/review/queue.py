"""Open the review queue: SQLite in the workspace by default, or PostgreSQL with a URL.

``ReviewQueue(path)`` is the SQLite queue that ``kpo run`` fills and ``kpo status``
counts; ``open_review(db, workspace)`` opens either backend for reviewers. Both
return a ``ReviewService`` (see kpo/review/service.py for the API).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpo.errors import ConfigError, Errors
from kpo.review.model import DEFAULT_LEASE_S, QueueCounts
from kpo.review.service import ReviewService
from kpo.review.sqlite import SqliteConnection
from kpo.review.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "QueueCounts", "ReviewQueue", "open_review", "queue_location"]

QUEUE_NAME = "review.sqlite"
_PG_SCHEMES = ("postgresql://", "postgres://")


class ReviewQueue(ReviewService):
    """The review queue in one SQLite file (created and migrated on first use)."""

    def __init__(self, path: Path, *, lease_s: float = DEFAULT_LEASE_S) -> None:
        self.path = Path(path)
        self._sqlite = SqliteConnection(self.path)
        super().__init__(Store(self._sqlite), lease_s=lease_s)

    def items(self, client: str, batch_id: str | None = None) -> list[dict[str, Any]]:
        """The raw rows of a client's (and batch's) items, oldest first."""
        sql = (
            "SELECT * FROM items WHERE client = ? AND (? IS NULL OR batch_id = ?) ORDER BY item_id"
        )
        cursor = self._sqlite._db.execute(sql, (client, batch_id, batch_id))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def __enter__(self) -> ReviewQueue:
        return self


def is_postgres(location: str) -> bool:
    """Whether a ``queue_location`` is a PostgreSQL URL (else a SQLite path)."""
    return location.startswith(_PG_SCHEMES)


def queue_location(db: str | None, workspace: Path) -> str:
    """Where the queue lives: a PostgreSQL URL or a SQLite path (the workspace's by default)."""
    if not db:
        return str(Path(workspace) / QUEUE_NAME)
    if db.startswith(_PG_SCHEMES):
        return db
    if db.startswith("sqlite:///"):
        return db.removeprefix("sqlite://")
    if "://" in db:
        raise ConfigError(Errors.E508.format(value=db))
    return db


def open_review(
    db: str | None, workspace: Path, *, lease_s: float = DEFAULT_LEASE_S
) -> ReviewService:
    """Open the review queue named by ``--db`` (or the workspace's SQLite file)."""
    location = queue_location(db, workspace)
    if is_postgres(location):
        from kpo.review.postgres import PostgresConnection

        return ReviewService(Store(PostgresConnection(location)), lease_s=lease_s)
    return ReviewQueue(Path(location), lease_s=lease_s)
