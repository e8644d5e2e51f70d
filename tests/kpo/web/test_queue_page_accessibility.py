"""axe-core in chromium on the work list's pages and the document viewer: the queue searched
and grouped by document with rows picked, a document's page, the results of a bulk accept,
and the item page's viewer zoomed in with a box being drawn: no violation rated "serious"
or "critical" (the check itself: test_accessibility.py).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from kpo.review.model import ItemFilter

from .chromium import NEEDS_CHROMIUM, log_in, wait_until
from .conftest import PASSWORD
from .test_accessibility import grave_violations

pytestmark = [
    *NEEDS_CHROMIUM,
    pytest.mark.skipif(
        importlib.util.find_spec("axe_playwright_python") is None,
        reason="axe-playwright-python not installed (pip install -e '.[dev]')",
    ),
    pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True),
]


def test_the_work_list_a_document_and_bulk_results(
    page: Any, server_url: str, web_env: Any
) -> None:
    with web_env.service() as service:
        items = service.list_items(ItemFilter("acme", limit=1000))
    log_in(page, server_url, "ann", PASSWORD)
    page.goto(f"{server_url}/clients/acme?group=document&q=pdf&sort=confidence&order=desc")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert grave_violations(page) == []
    page.goto(f"{server_url}/clients/acme/documents/{items[0].doc_id}")
    wait_until(page, "document.getElementById('viewer').dataset.pages !== undefined")
    wait_until(page, "document.getElementById('page-img').complete")
    assert grave_violations(page) == []
    page.goto(f"{server_url}/clients/acme")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("Shift+A")
    page.wait_for_url(f"{server_url}/clients/acme/accept")
    assert grave_violations(page) == []


def test_the_viewer_zoomed_with_a_box_being_drawn(page: Any, server_url: str, web_env: Any) -> None:
    with web_env.service() as service:
        items = service.list_items(ItemFilter("acme", limit=1000))
    item = next(i for i in items if i.box is not None)
    log_in(page, server_url, "ann", PASSWORD)
    page.goto(f"{server_url}/items/{item.item_id}")
    page.keyboard.press("c")
    page.wait_for_selector("#correct-form")
    wait_until(page, "document.getElementById('viewer').dataset.pages !== undefined")
    page.keyboard.press("+")
    page.keyboard.press("b")
    wait_until(page, "document.getElementById('page-img').complete")
    assert page.evaluate("document.activeElement.id") == "drawn-box"
    assert grave_violations(page) == []
