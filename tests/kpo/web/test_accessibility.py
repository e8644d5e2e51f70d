"""An accessibility check of the review pages: axe-core (axe-playwright-python) run in
chromium on the login page, the list of queues, a client's queue and the item page (held,
with a value refused beside its input, and with the keys dialog open): no violation rated
"serious" or "critical"."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from .chromium import NEEDS_CHROMIUM, log_in, wait_until
from .conftest import PASSWORD
from .flow_items import chosen_items

GRAVE = ("serious", "critical")

pytestmark = [
    *NEEDS_CHROMIUM,
    pytest.mark.skipif(
        importlib.util.find_spec("axe_playwright_python") is None,
        reason="axe-playwright-python not installed (pip install -e '.[dev]')",
    ),
    pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True),
]


def grave_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in GRAVE
    ]


def test_axe_finds_a_planted_violation(page: Any, server_url: str) -> None:
    """The check can fail: an image without a text alternative is reported as critical."""
    page.goto(f"{server_url}/login")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(v.startswith("image-alt (critical)") for v in grave_violations(page))


def test_login_index_and_queue_pages(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/login")
    assert grave_violations(page) == []
    log_in(page, server_url, "ann", PASSWORD)
    assert grave_violations(page) == []
    page.goto(f"{server_url}/clients/acme")
    wait_until(page, "document.readyState === 'complete'")
    assert grave_violations(page) == []


def test_the_item_page_held_refused_and_with_its_keys(
    page: Any, server_url: str, web_env: Any
) -> None:
    date, doc = chosen_items(web_env, "agreement_date", None)
    log_in(page, server_url, "ann", PASSWORD)
    page.goto(f"{server_url}/items/{date}")
    assert grave_violations(page) == []  # not held: claim
    page.keyboard.press("c")
    wait_until(page, "document.getElementById('lease') !== null")
    wait_until(page, "document.getElementById('page-img') === null || "
                     "document.getElementById('page-img').complete")  # fmt: skip
    assert grave_violations(page) == []
    page.keyboard.press("e")
    page.keyboard.type("soon-ish")
    page.keyboard.press("Enter")
    page.wait_for_selector("#correct-error")
    assert grave_violations(page) == []
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert grave_violations(page) == []
    page.goto(f"{server_url}/items/{doc}")
    assert grave_violations(page) == []
