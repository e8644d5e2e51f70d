"""Schema migrations of the review database, on SQLite and a real PostgreSQL server: a database
made by kpo at schema version 3 (users, no web sessions), 4 (web sessions, no failed-login
counts), 5 (failed logins per name only) or 6 (no undo, skips or "absent") opens under
version 7 with its users, items, decisions, sessions and counts intact and gains the
``web_sessions``, ``login_failures``, ``login_address_failures``, ``login_devices`` and
``skips`` tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpo.review.postgres
import kpo.review.sqlite
from kpo.records import Box, ReviewItem
from kpo.review.model import Decision
from kpo.review.queue import open_review
from kpo.review.service import ReviewService
from kpo.review.store import SCHEMA_VERSION
from kpo.review.users import Users
from kpo.web.auth import FailedLogins
from kpo.web.logins import LoginThrottle
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


def _make_old(version: int, queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              missing: str) -> str:  # fmt: skip
    """A database at ``version``, written by the store as kpo was then, without ``missing``.

    It holds three items (one claimed), the user ann and, from version 4, a session of
    hers, whose id is returned ("" before version 4).
    """
    with monkeypatch.context() as patch:
        patch.setattr(kpo.review.sqlite, "SCHEMA_VERSION", version)
        patch.setattr(kpo.review.postgres, "SCHEMA_VERSION", version)
        with open_review(queue_db, tmp_path) as old:
            assert _version(old) == version
            with pytest.raises(Exception, match=missing):
                old.store.conn.execute(f"SELECT COUNT(*) FROM {missing}")
        with open_review(queue_db, tmp_path) as old:  # a fresh connection after the error
            old.add_batch("acme", "b1", _items(3))
            Users(old.store).add("ann", "a long password", "reviewer", ("acme",))
            _write_old(old, CLAIM, ["ann", 4e9])  # today's claims read columns it lacks
            return SessionStore(60.0).new(old.store, "ann").session_id if version >= 4 else ""


CLAIM = (  # the first item claimed, as kpo before version 7 did it
    "UPDATE items SET status = 'claimed', claimed_by = ?, claim_token = 't', lease_until = ? "
    "WHERE item_id = (SELECT MIN(item_id) FROM items)"
)
DECIDE = (  # the second item accepted, as kpo before version 7 did it
    "INSERT INTO decisions (item_id, reviewer, decided_at, action) "
    "SELECT MIN(item_id) + 1, ?, ?, 'accept' FROM items"
)

DONE = "UPDATE items SET status = 'done' WHERE item_id = (SELECT MIN(item_id) + 1 FROM items)"


def _write_old(service: ReviewService, sql: str, args: list[object]) -> None:
    with service.store.transaction():
        service.store.conn.execute(sql, args)


def _check_kept(
    service: ReviewService, statuses: tuple[str, ...] = ("claimed", "open", "open")
) -> None:
    """The users and items of ``_make_old`` are there, and both new tables work."""
    assert _version(service) == SCHEMA_VERSION
    users = Users(service.store)
    assert [u.name for u in users.list()] == ["ann"]
    assert users.authenticate("ann", "a long password") is not None
    items = service.list_items()
    assert [i.value for i in items] == ["CL-0", "CL-1", "CL-2"]
    assert tuple(i.status for i in items) == statuses
    sessions = SessionStore(60.0)
    made = sessions.new(service.store, "ann")
    found = sessions.get(service.store, made.session_id)
    assert found is not None and found.user == "ann"
    logins = FailedLogins(2, 60.0)
    for _ in range(2):
        logins.attempt(service.store, "ann")
    assert logins.attempt(service.store, "ann") > 0  # locked: the third is refused


def test_a_version_3_database_migrates_keeping_users_and_items(
    queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SCHEMA_VERSION == 7
    _make_old(3, queue_db, tmp_path, monkeypatch, missing="web_sessions")
    with open_review(queue_db, tmp_path) as service:
        _check_kept(service)


def test_a_version_4_database_migrates_keeping_users_items_and_sessions(
    queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = _make_old(4, queue_db, tmp_path, monkeypatch, missing="login_failures")
    with open_review(queue_db, tmp_path) as service:
        kept = SessionStore(60.0).get(service.store, session_id)
        assert kept is not None and kept.user == "ann"
        _check_kept(service)


def test_a_version_5_database_migrates_keeping_its_failed_login_counts(
    queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_old(5, queue_db, tmp_path, monkeypatch, missing="login_address_failures")
    with monkeypatch.context() as patch:
        patch.setattr(kpo.review.sqlite, "SCHEMA_VERSION", 5)
        patch.setattr(kpo.review.postgres, "SCHEMA_VERSION", 5)
        with open_review(queue_db, tmp_path) as old:  # a count made by kpo at version 5
            assert _version(old) == 5
            FailedLogins(5, 60.0).attempt(old.store, "gil")
    with open_review(queue_db, tmp_path) as service:
        _check_kept(service)
        rows = service.store.conn.execute("SELECT user_name, failures FROM login_failures")
        assert sorted(tuple(r) for r in rows) == [("ann", 2), ("gil", 1)]
        throttle = LoginThrottle(5, 60.0, address_limit=1)
        assert throttle.attempt(service.store, "ann", "10.0.0.1", None).refused is None
        assert "E616" in str(throttle.attempt(service.store, "gil", "10.0.0.1", None).refused)


def test_a_version_6_database_migrates_keeping_its_decisions_append_only(
    queue_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_old(6, queue_db, tmp_path, monkeypatch, missing="skips")
    with monkeypatch.context() as patch:
        patch.setattr(kpo.review.sqlite, "SCHEMA_VERSION", 6)
        patch.setattr(kpo.review.postgres, "SCHEMA_VERSION", 6)
        with open_review(queue_db, tmp_path) as old:  # a decision made by kpo at version 6
            _write_old(old, DECIDE, ["bob", 1.8e9])
            _write_old(old, DONE, [])
    with open_review(queue_db, tmp_path) as service:
        assert _version(service) == 7
        kept = service.list_items()[1]
        assert kept.status == "done" and kept.decision and kept.decision.reviewer == "bob"
        with pytest.raises(Exception, match="E504"):
            service.claim(kept.item_id, "cy")
        with pytest.raises(Exception, match="E507"):
            service.store.conn.execute("DELETE FROM decisions")
    with open_review(queue_db, tmp_path) as service:  # the new decision and skips work
        third = service.claim_next("bob")
        assert third is not None and third.item.value == "CL-2"
        service.skip(third.item.item_id, "bob", third.token)
        again = service.claim_next("bob")
        assert again is not None and again.item.item_id == third.item.item_id
        done = service.decide(third.item.item_id, "bob", again.token, Decision("absent"))
        assert done.decision and done.decision.decision.action == "absent"
        assert service.undo(third.item.item_id, "bob", again.token).item.status == "claimed"
        _check_kept(service, ("claimed", "done", "claimed"))
