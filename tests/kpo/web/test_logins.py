"""Failed logins live in the review database, on SQLite and PostgreSQL: two app instances on one
database stand for two ``kpo serve`` processes (or a restart), and they share one count.

They are counted per user name and per source address (a ``Browser`` has its own cookies
and address); a browser that has logged in as a user before (its device token) is held
by neither lockout, only by its own failures."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpo.review.queue import open_review
from kpo.review.service import ReviewService
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


class Browser:
    """One browser (its own cookies) at a source ``address``, posting logins to an app."""

    def __init__(self, app: FastAPI, address: str) -> None:
        self.client = TestClient(app, base_url="https://testserver", client=(address, 50000))
        self.last = ""  # the text of the last answer

    def login(self, name: str, password: str = WRONG) -> int:
        """Post one login (a fresh form each time); the HTTP status. A success logs out again."""
        token = _csrf(self.client.get("/login").text)
        data = {"name": name, "password": password, "csrf_token": token}
        response = self.client.post("/login", data=data, follow_redirects=False)
        self.last = response.text
        if response.status_code == 429:
            assert "E612" in self.last or "E616" in self.last
        if response.status_code == 303:
            self.client.cookies.delete("kpo_session")  # the device cookie stays
        return int(response.status_code)


@pytest.fixture
def browser(apps: list[FastAPI]) -> Iterator[Any]:
    """``browser(app, address)``: a new ``Browser`` (closed after the test)."""
    opened: list[Browser] = []

    def make(app: FastAPI, address: str = "testclient") -> Browser:
        opened.append(Browser(app, address))
        return opened[-1]

    yield make
    for made in opened:
        made.client.close()


@pytest.fixture
def logins(browser: Any) -> Any:
    """``logins(app)``: a function posting one login (name, password) to ``app``; -> status."""
    return lambda app: browser(app).login


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


def _run_together(tasks: list[Callable[[], None]]) -> None:
    """Run each task in a thread of its own, all at once; wait for them all."""
    threads = [threading.Thread(target=task) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


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


ATTACKER, HOME = "203.0.113.7", "192.0.2.10"


def test_guessing_across_many_names_from_one_address_is_limited(
    apps: list[FastAPI], browser: Any, web_env: Any, clock: Any
) -> None:
    limit = web_env.settings.address_failed_logins
    attacker = browser(apps[0], ATTACKER)
    assert [attacker.login(f"name{i}") for i in range(limit)] == [401] * limit
    assert attacker.login("another-name") == 429 and "E616" in attacker.last
    assert attacker.login("ann", PASSWORD) == 429, "a new browser there waits too"
    assert browser(apps[1], ATTACKER).login("name-x") == 429, "every process shares the count"
    assert browser(apps[1], "198.51.100.4").login("name-y") == 401, "other addresses go on"
    clock.advance(web_env.settings.lockout_s + 1)
    assert attacker.login("name-z") == 401


def test_a_known_browser_gets_in_while_others_have_locked_the_name(
    apps: list[FastAPI], browser: Any, web_env: Any
) -> None:
    home = browser(apps[0], HOME)
    assert home.login("ann", PASSWORD) == 303  # ann's own browser, known from now on
    attacker = browser(apps[1], ATTACKER)
    assert [attacker.login("ann") for _ in range(5)] == [401] * 5
    assert attacker.login("ann", PASSWORD) == 429 and "E612" in attacker.last
    new_at_home = browser(apps[0], HOME)
    assert new_at_home.login("ann", PASSWORD) == 429, "an unknown browser waits, even at home"
    assert home.login("ann", PASSWORD) == 303, "the known browser gets in"
    assert failure_rows(web_env) == [("ann", 5)], "its success does not unlock the name"
    assert attacker.login("ann", PASSWORD) == 429
    assert [attacker.login("vic") for _ in range(5)] == [401] * 5
    assert home.login("vic", PASSWORD) == 429, "the browser is known for ann, not for vic"


def test_a_known_browser_is_limited_by_its_own_failures(
    apps: list[FastAPI], browser: Any, web_env: Any, clock: Any
) -> None:
    home = browser(apps[0], HOME)
    assert home.login("ann", PASSWORD) == 303
    assert [home.login("ann") for _ in range(6)] == [401] * 5 + [429]
    assert home.login("ann", PASSWORD) == 429 and "E612" in home.last
    assert failure_rows(web_env) == [], "a known browser's failures are its own"
    assert browser(apps[1], ATTACKER).login("ann", PASSWORD) == 303, "the name is not locked"
    clock.advance(web_env.settings.lockout_s + 1)
    assert home.login("ann", PASSWORD) == 303


def test_a_known_browser_gets_in_from_an_address_someone_else_locked(
    apps: list[FastAPI], browser: Any, web_env: Any
) -> None:
    home = browser(apps[0], HOME)
    assert home.login("ann", PASSWORD) == 303
    limit = web_env.settings.address_failed_logins
    neighbour = browser(apps[1], HOME)  # the same NAT, or every request through one proxy
    assert [neighbour.login(f"name{i}") for i in range(limit)] == [401] * limit
    assert browser(apps[1], HOME).login("gil", PASSWORD) == 429, "a new browser there waits"
    assert home.login("ann", PASSWORD) == 303


def test_device_tokens_are_stored_hashed_with_a_cookie_only_for_the_login_form(
    apps: list[FastAPI], browser: Any, web_env: Any
) -> None:
    import hashlib

    from kpo.review.users import Users

    home = browser(apps[0], HOME)
    token = _csrf(home.client.get("/login").text)
    data = {"name": "ann", "password": PASSWORD, "csrf_token": token}
    response = home.client.post("/login", data=data, follow_redirects=False)
    cookie = next(c for c in response.headers.get_list("set-cookie") if "kpo_device=" in c)
    assert "Path=/login" in cookie and "HttpOnly" in cookie and "Secure" in cookie
    assert "samesite=strict" in cookie.lower()
    device = home.client.cookies["kpo_device"]
    sql = "SELECT device_key, user_name FROM login_devices"
    with web_env.service() as service:
        rows = [tuple(r) for r in service.store.conn.execute(sql)]
        assert rows == [(hashlib.sha256(device.encode()).hexdigest(), "ann")]
        Users(service.store).remove("ann")
        assert service.store.conn.execute(sql) == [], "the user's browsers go with the user"


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(
    web_env: Any, make_app: Any
) -> None:
    from dataclasses import replace

    from kpo.web.app import create_app

    app = create_app(replace(web_env.settings, trusted_proxies=("10.0.0.0/24",)))
    try:
        for peer, forwarded in (("10.0.0.5", "203.0.113.9"), ("198.51.100.4", "203.0.113.8")):
            client = TestClient(app, base_url="https://testserver", client=(peer, 50000))
            token = _csrf(client.get("/login").text)
            data = {"name": "ann", "password": WRONG, "csrf_token": token}
            client.post("/login", data=data, headers={"X-Forwarded-For": forwarded})
            client.close()
    finally:
        app.state.kpo.close()
    with web_env.service() as service:
        rows = service.store.conn.execute("SELECT address FROM login_address_failures")
    assert sorted(r[0] for r in rows) == ["198.51.100.4", "203.0.113.9"]


@pytest.mark.parametrize(
    ("peer", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("testclient", "testclient"),
    ],
)
def test_an_address_is_counted_by_its_ipv4_or_ipv6_64_network(peer: str | None, key: str) -> None:
    from kpo.web.logins import address_key

    assert address_key(peer) == key


def test_parallel_guesses_at_many_names_get_no_more_than_the_address_limit(
    queue_db: str, tmp_path: Any, clock: Any
) -> None:
    from kpo.web.logins import LoginThrottle

    throttle = LoginThrottle(5, 60.0, address_limit=25, clock=clock)
    open_review(queue_db, tmp_path).close()  # create the schema once
    admitted: list[bool] = []
    errors: list[BaseException] = []

    def guess_ten_names(thread: int) -> None:
        try:
            with open_review(queue_db, tmp_path) as service:
                for i in range(10):
                    found = throttle.attempt(service.store, f"n{thread}-{i}", ATTACKER, None)
                    admitted.append(found.refused is None)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    _run_together([functools.partial(guess_ten_names, n) for n in range(4)])
    assert errors == []
    assert sum(admitted) == 25 and len(admitted) == 40
