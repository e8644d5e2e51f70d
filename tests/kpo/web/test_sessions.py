"""Sessions live in the review database, on SQLite and PostgreSQL: two app instances on one
database stand for a restart or for two ``kpo serve`` processes behind a load balancer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpo.review.service import ReviewService
from kpo.review.users import Users
from kpo.web.sessions import COOKIE_NAME, SessionStore

from .conftest import PASSWORD


@pytest.fixture
def apps(make_app: Any, clock: Any) -> list[FastAPI]:
    """Two independent app instances on the same queue database, on one hand-moved clock."""
    made = [make_app() for _ in range(2)]
    for app in made:
        app.state.kpo.sessions.clock = clock
    return made


@pytest.fixture
def clients(apps: list[FastAPI]) -> Iterator[Any]:
    """``clients(app, cookie=None)``: a TestClient on https://testserver, with that cookie."""
    opened: list[TestClient] = []

    def make(app: FastAPI, cookie: str | None = None) -> TestClient:
        client = TestClient(app, base_url="https://testserver")
        opened.append(client)
        if cookie is not None:
            client.cookies.set(COOKIE_NAME, cookie)
        return client

    yield make
    for client in opened:
        client.close()


def log_in(client: TestClient, name: str = "ann") -> str:
    """Log ``client`` in as ``name``; return the session cookie."""
    token = _csrf(client.get("/login").text)
    done = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    assert done.status_code == 200 and "Your queues" in done.text
    return str(client.cookies[COOKIE_NAME])


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def key_of(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()


def session_rows(web_env: Any) -> list[tuple[Any, ...]]:
    with web_env.service() as service:
        rows = service.store.conn.execute("SELECT * FROM web_sessions")
    return [tuple(r) for r in rows]


def test_a_session_made_by_one_app_is_live_in_another(
    apps: list[FastAPI], clients: Any, web_env: Any
) -> None:
    cookie = log_in(clients(apps[0]))
    other = clients(apps[1], cookie)
    page = other.get("/", follow_redirects=False)
    assert page.status_code == 200 and "/clients/acme" in page.text


def test_claims_filters_and_flash_carry_over_between_apps(
    apps: list[FastAPI], clients: Any, web_env: Any
) -> None:
    first = clients(apps[0])
    cookie = log_in(first)
    second = clients(apps[1], cookie)
    token = _csrf(first.get("/clients/acme?status=open&doc_type=claim").text)
    claimed = first.post("/clients/acme/next", data={"csrf_token": token})
    item_id = int(claimed.url.path.rsplit("/", 1)[1])
    done = second.post(f"/items/{item_id}/accept", data={"csrf_token": token})
    assert f"Item {item_id} accepted" in done.text  # claim token and flash from app 1's row
    with web_env.service() as service:
        decision = service.show(item_id).decision
        assert decision is not None and decision.reviewer == "ann"
        [(filters,)] = service.store.conn.execute("SELECT filters FROM web_sessions")
    assert '"doc_type": "claim"' in str(filters)


def test_logout_in_one_app_ends_the_session_in_the_other(
    apps: list[FastAPI], clients: Any, web_env: Any
) -> None:
    first = clients(apps[0])
    cookie = log_in(first)
    second = clients(apps[1], cookie)
    token = _csrf(second.get("/").text)
    second.post("/logout", data={"csrf_token": token})
    rows = session_rows(web_env)  # the login page it lands on opens an anonymous session
    assert [r[1] for r in rows] == [None] and rows[0][0] != key_of(cookie)
    refused = first.get("/", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == "/login"
    form = first.post("/logout", data={"csrf_token": token})
    assert form.status_code == 403 and "E607" in form.text


def test_the_database_keeps_the_sha256_of_the_session_id_never_the_id(
    apps: list[FastAPI], clients: Any, web_env: Any
) -> None:
    cookie = log_in(clients(apps[0]))
    [row] = session_rows(web_env)
    assert row[0] == key_of(cookie)
    assert all(cookie not in str(value) for value in row)


def test_a_session_expires_and_its_row_is_deleted(
    apps: list[FastAPI], clients: Any, web_env: Any, clock: Any
) -> None:
    cookie = log_in(clients(apps[0]))
    clock.advance(web_env.settings.session_s - 1)
    assert clients(apps[1], cookie).get("/", follow_redirects=False).status_code == 200
    clock.advance(2)
    gone = clients(apps[1], cookie).get("/", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/login"
    assert session_rows(web_env) == []


def test_expired_rows_are_cleared_when_a_session_is_made(
    apps: list[FastAPI], clients: Any, web_env: Any, clock: Any
) -> None:
    log_in(clients(apps[0]), "ann")
    log_in(clients(apps[0]), "gil")
    clock.advance(web_env.settings.session_s + 1)
    cookie = log_in(clients(apps[1]), "root")
    assert [r[0] for r in session_rows(web_env)] == [key_of(cookie)]


def test_removing_a_user_deletes_their_sessions(
    apps: list[FastAPI], clients: Any, web_env: Any
) -> None:
    log_in(clients(apps[0]), "ann")
    log_in(clients(apps[1]), "gil")
    with web_env.service() as service:
        Users(service.store).remove("ann")
    assert [r[1] for r in session_rows(web_env)] == ["gil"]


def test_a_save_applies_only_its_own_changes(review: ReviewService, clock: Any) -> None:
    sessions = SessionStore(60.0, clock)
    made = sessions.new(review.store)
    one, two = (sessions.get(review.store, made.session_id) for _ in range(2))
    assert one is not None and two is not None
    one.claims[1] = "t1"
    one.filters["acme"] = {"status": "open"}
    sessions.save(review.store, one)
    two.claims[2] = "t2"
    two.flash = "hello"
    sessions.save(review.store, two)
    both = sessions.get(review.store, made.session_id)
    assert both is not None and both.claims == {1: "t1", 2: "t2"}
    assert both.filters == {"acme": {"status": "open"}} and both.flash == "hello"
    both.claims.pop(1)
    sessions.save(review.store, both)
    again = sessions.get(review.store, made.session_id)
    assert again is not None and again.claims == {2: "t2"}


def test_saving_a_dropped_session_does_not_bring_it_back(review: ReviewService, clock: Any) -> None:
    sessions = SessionStore(60.0, clock)
    held = sessions.new(review.store)
    sessions.drop(review.store, held.session_id)
    held.claims[7] = "t7"
    sessions.save(review.store, held)
    assert sessions.get(review.store, held.session_id) is None
