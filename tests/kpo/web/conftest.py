"""Web fixtures: a real batch (generated PDFs through ``run_batch``), its items in a fresh queue
(SQLite or PostgreSQL), a second client, four users, the app with a client that speaks HTTPS,
and two apps on one database with browsers that post logins.

The batch runs once per session (about 5 s); every test gets its own copy of the
workspace and its own queue database.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kpo.records import ReviewItem
from kpo.review.queue import open_review
from kpo.review.service import ReviewService
from kpo.review.users import Users
from kpo.web.settings import ServeSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

PASSWORD = "correct horse battery"
USERS = {
    "ann": ("reviewer", ("acme",)),
    "gil": ("reviewer", ("globex",)),
    "vic": ("analyst", ("acme",)),
    "root": ("admin", ()),
}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def sample_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding one real batch of client acme with review items."""
    from kpo.batch import BatchRequest, run_batch
    from kpo.datasets.generator import write_sample_batch

    root = tmp_path_factory.mktemp("web")
    workspace = root / "ws"
    workspace.mkdir()
    (workspace / "kpo.toml").write_text("[review]\naudit_rate = 0.6\n", encoding="utf-8")
    paths = write_sample_batch(root / "in")
    run_batch(BatchRequest([str(p) for p in paths], "acme", workspace, batch_id="b1", workers=0))
    return workspace


def as_review_items(service: ReviewService) -> list[tuple[str, ReviewItem]]:
    return [
        (
            i.path,
            ReviewItem(
                i.doc_id,
                i.reason,  # type: ignore[arg-type]
                i.doc_type,  # type: ignore[arg-type]
                i.field,
                i.value,
                i.confidence,
                i.threshold,
                i.page_number,
                i.box,
            ),
        )
        for i in service.list_items()
    ]


@dataclass(frozen=True)
class WebEnv:
    settings: ServeSettings
    acme_ids: list[int]
    globex_ids: list[int]

    def service(self) -> ReviewService:
        return open_review(self.settings.db, self.settings.workspace)


@pytest.fixture
def web_env(sample_workspace: Path, queue_db: str, tmp_path: Path) -> WebEnv:
    """The sample's items for acme and globex in a fresh queue, and the users of ``USERS``."""
    workspace = tmp_path / "ws"
    shutil.copytree(sample_workspace, workspace, ignore=shutil.ignore_patterns("review.sqlite*"))
    with open_review(None, sample_workspace) as source:
        items = as_review_items(source)
    items.sort(key=lambda entry: entry[1].field is None)  # field items (with evidence) first
    assert len(items) >= 3, "the sample batch should send several items to review"
    with open_review(queue_db, workspace) as service:
        service.add_batch("acme", "b1", items)
        service.add_batch("globex", "g1", items)
        users = Users(service.store)
        for name, (role, clients) in USERS.items():
            users.add(name, PASSWORD, role, clients)
        ids = {
            c: [i.item_id for i in service.list_items() if i.client == c]
            for c in ("acme", "globex")
        }
    return WebEnv(ServeSettings(workspace=workspace, db=queue_db), ids["acme"], ids["globex"])


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@pytest.fixture
def make_app(web_env: WebEnv) -> Iterator[Callable[[], Any]]:
    """``make_app()``: ``create_app(web_env.settings)``, its connection pool closed afterwards."""
    from kpo.web.app import create_app

    made: list[Any] = []

    def make() -> Any:
        made.append(create_app(web_env.settings))
        return made[-1]

    yield make
    for app in made:
        app.state.kpo.close()


@pytest.fixture
def client_for(make_app: Callable[[], Any]) -> Iterator[object]:
    """``client_for(name)``: a TestClient on https://testserver logged in as ``name``."""
    from fastapi.testclient import TestClient

    app = make_app()
    opened: list[TestClient] = []

    def make(name: str | None) -> TestClient:
        client = TestClient(app, base_url="https://testserver")
        opened.append(client)
        if name is not None:
            token = csrf_of(client.get("/login").text)
            response = client.post(
                "/login", data={"name": name, "password": PASSWORD, "csrf_token": token}
            )
            assert response.status_code == 200 and "Your queues" in response.text
        return client

    yield make
    for client in opened:
        client.close()


@pytest.fixture
def apps(make_app: Any, clock: Any) -> list[FastAPI]:
    """Two independent app instances on the same queue database, on one hand-moved clock."""
    made = [make_app() for _ in range(2)]
    for app in made:
        app.state.kpo.sessions.clock = clock
        app.state.kpo.logins.clock = clock
    return made


@pytest.fixture
def browser(apps: list[FastAPI]) -> Iterator[Any]:
    """``browser(app, address)``: a new ``Browser`` (login_browser.py), closed after the test."""
    from .login_browser import Browser

    opened: list[Browser] = []

    def make(app: FastAPI, address: str = "testclient") -> Browser:
        opened.append(Browser(app, address))
        return opened[-1]

    yield make
    for made in opened:
        made.client.close()


@pytest.fixture
def server_url(make_app: Callable[[], Any]) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread (chromium.py; stopped after the test)."""
    from .chromium import serving

    with serving(make_app()) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    """A chromium page of a fresh profile, driven by Playwright (chromium.py)."""
    from .chromium import chromium_page

    with chromium_page(tmp_path / "chromium-profile") as made:
        yield made


@pytest.fixture
def logins(browser: Any) -> Any:
    """``logins(app)``: a function posting one login (name, password) to ``app``; -> status."""
    return lambda app: browser(app).login
