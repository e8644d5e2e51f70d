"""The review page in a real browser: Playwright for Python driving Debian's headless chromium.

The app runs with uvicorn on 127.0.0.1 and a free port in a background thread. A
reviewer logs in, claims an item by keyboard, corrects its value and is shown the
next; a forged form without CSRF token and another client's item are refused. A
screenshot of the item page is kept in ``artifacts/review-item-page.png`` (repo root).
Skipped, with the reason, when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .chromium import NEEDS_CHROMIUM, log_in, wait_until
from .conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"

pytestmark = NEEDS_CHROMIUM


@pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True)
def test_review_in_the_browser(page: Any, server_url: str, web_env: Any) -> None:
    log_in(page, server_url, "ann", PASSWORD)
    assert page.locator("a[href='/clients/acme']").count() == 1

    start = f"{server_url}/items/{web_env.acme_ids[-1]}"
    page.goto(start)
    page.keyboard.press("n")  # claim the next item
    page.wait_for_url(lambda url: url != start)
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
    page.keyboard.press("Enter")  # saved, and the next item is claimed and shown
    page.wait_for_url(f"{server_url}/items/*?done={first}")
    assert page.locator("#flash").inner_text() == f"Item {first} corrected · u to undo."
    assert page.locator("#status").inner_text().startswith("claimed by ann")
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
