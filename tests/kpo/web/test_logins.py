"""Failed logins live in the review database, on SQLite and PostgreSQL: two app instances on one
database stand for two ``kpo serve`` processes (or a restart), and they share one count.

Here: the count per user name. Per source address: test_login_addresses.py; the browsers a
user has logged in with before: test_login_devices.py.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from kpo.review.queue import open_review
from kpo.review.service import ReviewService
from kpo.web.auth import FailedLogins, login_key

from .conftest import PASSWORD
from .login_browser import failure_rows
from .login_browser import run_together as _run_together


def test_failures_counted_by_one_app_lock_the_name_in_another(
    apps: list[FastAPI], logins: Any, web_env: Any, make_app: Any
) -> None:
    first, second = logins(apps[0]), logins(apps[1])
    assert [first("ann") for _ in range(3)] + [second("ann") for _ in range(2)] == [401] * 5
    assert failure_rows(web_env) == [("ann", 5)]
    assert second("ann", PASSWORD) == 429 and first("ann", PASSWORD) == 429
    fresh = logins(make_app())  # a restarted server forgets nothing
    assert fresh("ann", PASSWORD) == 429
    assert first("gil", PASSWORD) == 303, "other names are not locked"


def test_the_lockout_ends_after_lockout_s_and_a_new_count_starts(
    apps: list[FastAPI], logins: Any, web_env: Any, clock: Any
) -> None:
    first, second = logins(apps[0]), logins(apps[1])
    assert [first("ann") for _ in range(5)] == [401] * 5
    clock.advance(web_env.settings.lockout_s - 1)
    assert second("ann", PASSWORD) == 429
    clock.advance(2)
    assert second("ann") == 401, "after the window a failure starts a new count"
    assert failure_rows(web_env) == [("ann", 1)]
    assert [first("ann") for _ in range(4)] + [first("ann")] == [401] * 4 + [429]
    clock.advance(web_env.settings.lockout_s + 1)
    assert first("ann", PASSWORD) == 303


def test_a_successful_login_clears_the_count(
    apps: list[FastAPI], logins: Any, web_env: Any
) -> None:
    first, second = logins(apps[0]), logins(apps[1])
    assert [first("ann") for _ in range(4)] == [401] * 4
    assert second("ann", PASSWORD) == 303
    assert failure_rows(web_env) == []
    assert [first("ann") for _ in range(6)] == [401] * 5 + [429]


def test_names_no_user_can_have_are_counted_and_stored_safely(
    apps: list[FastAPI], logins: Any, web_env: Any
) -> None:
    first = logins(apps[0])
    for name in ("x" * 5000, "a\x00b", "nobody"):
        assert [first(name) for _ in range(6)] == [401] * 5 + [429]
    keys = [r[0] for r in failure_rows(web_env)]
    assert sorted(keys) == sorted(login_key(n) for n in ("x" * 5000, "a\x00b", "nobody"))
    assert all(len(k) <= 71 and "\x00" not in k for k in keys)


def test_rows_older_than_the_window_are_deleted_at_the_next_failure(
    review: ReviewService, clock: Any
) -> None:
    logins = FailedLogins(3, 60.0, clock)
    logins.attempt(review.store, "ann")
    clock.advance(61)
    logins.attempt(review.store, "gil")
    rows = review.store.conn.execute("SELECT user_name FROM login_failures")
    assert [r[0] for r in rows] == ["gil"]


def test_parallel_guesses_get_no_more_than_the_limit(
    queue_db: str, tmp_path: Any, clock: Any
) -> None:
    logins = FailedLogins(25, 60.0, clock)
    open_review(queue_db, tmp_path).close()  # create the schema once
    admitted: list[int] = []
    errors: list[BaseException] = []

    def guess_ten_times() -> None:
        try:
            with open_review(queue_db, tmp_path) as service:
                for _ in range(10):
                    admitted.append(logins.attempt(service.store, "ann") == 0)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    _run_together([guess_ten_times] * 4)
    assert errors == []
    assert sum(admitted) == 25 and len(admitted) == 40
    with open_review(queue_db, tmp_path) as service:
        [(count,)] = service.store.conn.execute("SELECT failures FROM login_failures")
    assert int(count) == 25
