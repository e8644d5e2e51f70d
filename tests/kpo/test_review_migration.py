"""Schema migrations of the review database, on SQLite and a real PostgreSQL server: a database
made by kpo at schema version 3 (users, no web sessions) opens under version 4 with its users
and items intact and gains the ``web_sessions`` table."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpo.review_postgres
import kpo.review_sqlite
from kpo.records import Box, ReviewItem
from kpo.review_queue import open_review
from kpo.review_service import ReviewService
from kpo.review_store import SCHEMA_VERSION
from kpo.users import Users
from kpo.web.sessions import SessionStore


def _version(service: ReviewService) -> int:
    sql = "SELECT value FROM meta WHERE key = 'schema_version'"
    [(version,)] = service.store.conn.execute(sql)
    return int(version)


def _items(n: int) -> list[tuple[str, ReviewItem]]:
    return [
        (f"/in/doc{i}.pdf", ReviewItem(f"doc{i}", "low_confidence", "claim", "claim_number",
                                       f"CL-{i}", 0.2, 0.7, 1, Box(10, 20, 30, 40)))
        for i in range(n)
    ]  # fmt: skip


def _make_v3(queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version 3 database, written by the store as kpo was before sessions were stored."""
    with monkeypatch.context() as patch:
        patch.setattr(kpo.review_sqlite, "SCHEMA_VERSION", 3)
        patch.setattr(kpo.review_postgres, "SCHEMA_VERSION", 3)
        with open_review(queue_db, tmp_path) as old:
            assert _version(old) == 3
            with pytest.raises(Exception, match="web_sessions"):
                old.store.conn.execute("SELECT COUNT(*) FROM web_sessions")
        with open_review(queue_db, tmp_path) as old:  # a fresh connection after the error
            old.add_batch("acme", "b1", _items(3))
            Users(old.store).add("ann", "a long password", "reviewer", ("acme",))
            claim = old.claim_next("ann")
            assert claim is not None


def test_a_version_3_database_migrates_keeping_users_and_items(
    queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SCHEMA_VERSION == 4
    _make_v3(queue_db, tmp_path, monkeypatch)
    with open_review(queue_db, tmp_path) as service:
        assert _version(service) == SCHEMA_VERSION
        users = Users(service.store)
        assert [u.name for u in users.list()] == ["ann"]
        assert users.authenticate("ann", "a long password") is not None
        items = service.list_items()
        assert [i.value for i in items] == ["CL-0", "CL-1", "CL-2"]
        assert [i.status for i in items] == ["claimed", "open", "open"]
        sessions = SessionStore(60.0)
        made = sessions.new(service.store, "ann")
        found = sessions.get(service.store, made.session_id)
        assert found is not None and found.user == "ann"
