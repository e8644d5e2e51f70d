"""The review page in a real browser: Playwright for Python driving Debian's headless chromium.

The app runs with uvicorn on 127.0.0.1 and a free port in a background thread. A
reviewer logs in, claims an item by keyboard, corrects its value and goes to the
next; a forged form without CSRF token and another client's item are refused. A
screenshot of the item page is kept in ``artifacts/review-item-page.png`` (repo root).
Skipped, with the reason, when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"  # the conftest's users' password

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt chromium)"),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None, reason="playwright (Python) not installed"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server_url(web_env: Any) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread (stopped after the test)."""
    import uvicorn

    from kpo.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(web_env.settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",  # shutdown closes the app's connection pool
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    """A page of a fresh chromium profile (persistent context in a new user-data-dir)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def wait_until(page: Any, expression: str, timeout_s: float = 10.0) -> None:
    """Poll ``expression`` in the page (wait_for_function needs eval, which our CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


@pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True)
def test_review_in_the_browser(page: Any, server_url: str, web_env: Any) -> None:
    page.goto(f"{server_url}/login")
    page.fill("input[name=name]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/")
    assert page.locator("a[href='/clients/acme']").count() == 1

    page.goto(f"{server_url}/clients/acme")
    page.keyboard.press("n")  # claim the next item
    page.wait_for_url(f"{server_url}/items/*")
    first = int(page.url.rsplit("/", 1)[1])
    wait_until(page, "document.getElementById('page-img').naturalWidth > 0")
    assert page.locator("#status").inner_text().startswith("claimed by ann")
    assert page.locator("#proposed-value").inner_text().strip()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-item-page.png"), full_page=False)

    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()

    page.keyboard.press("e")  # edit: the correction box takes the focus
    assert page.evaluate("document.activeElement.id") == "correct-value"
    page.keyboard.press("Control+A")
    page.keyboard.type("Corrected in the browser")
    page.keyboard.press("Enter")
    page.wait_for_selector("#decision")
    assert "Corrected in the browser" in page.locator("#decision").inner_text()

    page.keyboard.press("n")  # next
    page.wait_for_url(lambda url: not url.endswith(f"/items/{first}"))
    assert page.url.startswith(f"{server_url}/items/")
    with web_env.service() as service:
        decided = service.show(first).decision
    assert decided and decided.decision.value == "Corrected in the browser"

    forged = page.request.post(
        f"{server_url}/items/{web_env.acme_ids[-1]}/accept", form={"value": "x"}, max_redirects=0
    )
    assert forged.status == 403 and "E607" in forged.text()

    other = page.goto(f"{server_url}/items/{web_env.globex_ids[0]}")
    assert other is not None and other.status == 404
    assert page.request.get(f"{server_url}/items/{web_env.globex_ids[0]}/page.png").status == 404
