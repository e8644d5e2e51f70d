"""A browser that has logged in as a user before (its device token) is held by neither
lockout, the user name's nor the address's, only by its own failures; its token is stored
hashed, in a cookie sent only to the login form."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from .conftest import PASSWORD
from .login_browser import ATTACKER, HOME, failure_rows
from .login_browser import csrf_of as _csrf


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
