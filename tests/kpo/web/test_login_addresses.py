"""Failed logins counted per source address (a ``Browser`` has its own cookies and address),
on SQLite and PostgreSQL: many names guessed from one address are locked out together, an
address is its IPv4 address or IPv6 /64 network, and behind a trusted proxy the forwarded
address counts."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpo.review.queue import open_review

from .conftest import PASSWORD
from .login_browser import ATTACKER, WRONG
from .login_browser import csrf_of as _csrf
from .login_browser import run_together as _run_together


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
