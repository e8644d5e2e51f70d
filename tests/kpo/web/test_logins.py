"""Failed logins live in the review database, on SQLite and PostgreSQL: two app instances on one
database stand for two ``kpo serve`` processes (or a restart), and they share one count."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpo.review_queue import open_review
from kpo.review_service import ReviewService
from kpo.web.auth import FailedLogins, login_key

PASSWORD = "correct horse battery"  # the conftest's users' password
WRONG = "not the password"


@pytest.fixture
def apps(make_app: Any, clock: Any) -> list[FastAPI]:
    """Two independent app instances on the same queue database, on one hand-moved clock."""
    made = [make_app() for _ in range(2)]
    for app in made:
        app.state.kpo.sessions.clock = clock
        app.state.kpo.logins.clock = clock
    return made


@pytest.fixture
def logins(apps: list[FastAPI]) -> Iterator[Any]:
    """``logins(app)``: a function posting one login (name, password) to ``app``; -> status."""
    opened: list[TestClient] = []

    def make(app: FastAPI) -> Any:
        client = TestClient(app, base_url="https://testserver")
        opened.append(client)
        token = _csrf(client.get("/login").text)

        def attempt(name: str, password: str = WRONG) -> int:
            data = {"name": name, "password": password, "csrf_token": token}
            response = client.post("/login", data=data, follow_redirects=False)
            if response.status_code == 429:
                assert "E612" in response.text
            return int(response.status_code)

        return attempt

    yield make
    for client in opened:
        client.close()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def failure_rows(web_env: Any) -> list[tuple[Any, ...]]:
    with web_env.service() as service:
        sql = "SELECT user_name, failures FROM login_failures ORDER BY user_name"
        return [tuple(r) for r in service.store.conn.execute(sql)]


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

    threads = [threading.Thread(target=guess_ten_times) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(admitted) == 25 and len(admitted) == 40
    with open_review(queue_db, tmp_path) as service:
        [(count,)] = service.store.conn.execute("SELECT failures FROM login_failures")
    assert int(count) == 25
