from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kpo.errors import WorkspaceError
from kpo.records import Box, ReviewItem
from kpo.review.queue import SCHEMA_VERSION, ReviewQueue


def _items(n: int) -> list[tuple[str, ReviewItem]]:
    return [
        (f"/in/{i}.pdf", ReviewItem(f"doc{i}", "low_confidence", "claim", "claim_number",
                                    "CL-1", 0.2, 0.7, 1, Box(1, 2, 3, 4)))
        for i in range(n)
    ]  # fmt: skip


def test_queue_is_wal_and_versioned(tmp_path: Path) -> None:
    with ReviewQueue(tmp_path / "q.sqlite"):
        pass
    db = sqlite3.connect(tmp_path / "q.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION


def test_items_are_counted_per_client_and_batch(tmp_path: Path) -> None:
    with ReviewQueue(tmp_path / "q.sqlite") as queue:
        queue.add_batch("acme", "b1", _items(3))
        queue.add_batch("globex", "b1", _items(1))
        assert queue.counts("acme").open == 3
        assert queue.counts("acme", "b1").by_reason == {"low_confidence": 3}
        assert queue.counts().total == 4
        [row] = queue.items("globex")
        assert (row["field"], row["value"], row["x1"]) == ("claim_number", "CL-1", 3.0)


def test_adding_a_batch_again_replaces_its_items(tmp_path: Path) -> None:
    with ReviewQueue(tmp_path / "q.sqlite") as queue:
        queue.add_batch("acme", "b1", _items(3))
        queue.add_batch("acme", "b1", _items(2))
        assert queue.counts("acme", "b1").total == 2


def test_a_newer_queue_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    ReviewQueue(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(WorkspaceError, match="E401"):
        ReviewQueue(path)
