"""Helpers of the login tests: a ``Browser`` (its own cookies and source address) posting
logins, the failure counts stored, and tasks run in threads all at once."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

WRONG = "not the password"

ATTACKER, HOME = "203.0.113.7", "192.0.2.10"


class Browser:
    """One browser (its own cookies) at a source ``address``, posting logins to an app."""

    def __init__(self, app: FastAPI, address: str) -> None:
        self.client = TestClient(app, base_url="https://testserver", client=(address, 50000))
        self.last = ""  # the text of the last answer

    def login(self, name: str, password: str = WRONG) -> int:
        """Post one login (a fresh form each time); the HTTP status. A success logs out again."""
        token = csrf_of(self.client.get("/login").text)
        data = {"name": name, "password": password, "csrf_token": token}
        response = self.client.post("/login", data=data, follow_redirects=False)
        self.last = response.text
        if response.status_code == 429:
            assert "E612" in self.last or "E616" in self.last
        if response.status_code == 303:
            self.client.cookies.delete("kpo_session")  # the device cookie stays
        return int(response.status_code)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def failure_rows(web_env: Any) -> list[tuple[Any, ...]]:
    with web_env.service() as service:
        sql = "SELECT user_name, failures FROM login_failures ORDER BY user_name"
        return [tuple(r) for r in service.store.conn.execute(sql)]


def run_together(tasks: list[Callable[[], None]]) -> None:
    """Run each task in a thread of its own, all at once; wait for them all."""
    threads = [threading.Thread(target=task) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
