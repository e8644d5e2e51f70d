"""Helpers of the browser tests: Debian's chromium under Playwright, the app served by uvicorn.

The fixtures ``server_url`` and ``page`` (conftest.py) use them; a test module marks
itself with ``NEEDS_CHROMIUM`` so that it is skipped, with the reason, when
/usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
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
NEEDS_CHROMIUM = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt chromium)"),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None, reason="playwright (Python) not installed"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 and a free port in a thread; yields its URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app,
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium_page(profile: Path) -> Iterator[Any]:
    """A page of a fresh chromium profile (persistent context in the new folder ``profile``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
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
    """Poll ``expression`` in the page (wait_for_function needs eval, which our CSP forbids).

    A poll that meets a navigation (the page it ran in went away) is tried again.
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error as exc:
            if "navigation" not in str(exc):
                raise
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def log_in(page: Any, server_url: str, name: str, password: str) -> None:
    """Log in through the form, by keyboard only, and wait for the list of queues."""
    page.goto(f"{server_url}/login")
    wait_until(page, "document.activeElement && document.activeElement.name === 'name'")
    page.keyboard.type(name)  # the name field has the focus (autofocus)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server_url}/")


def claim_by_key(page: Any, server_url: str, item_id: int, ready: str) -> None:
    """Ann, logged in, on item ``item_id``, claimed with key c; returns once the element
    with id ``ready`` is on the held item's page and its scripts have run."""
    log_in(page, server_url, "ann", PASSWORD)
    page.goto(f"{server_url}/items/{item_id}")
    page.keyboard.press("c")
    wait_until(page, f"document.getElementById({ready!r}) !== null")
    wait_until(page, "document.readyState === 'complete'")  # the page's scripts have run
