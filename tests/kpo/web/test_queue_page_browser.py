"""The queue as a work list in chromium, by keyboard only: search, move through the rows,
select some, accept them in bulk and see a result for each, open one document's items in
one view, claim the next item.

Skipped, with the reason, when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

from kpo.review.model import ItemFilter

from .chromium import NEEDS_CHROMIUM, log_in, wait_until
from .conftest import PASSWORD

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True)]
FOCUSED_ROW = "document.activeElement.closest('tr') && document.activeElement.closest('tr')"


def focused_item(page: Any) -> int:
    return int(page.evaluate(f"({FOCUSED_ROW}).dataset.item"))


def test_search_select_and_bulk_accept_by_keyboard(
    page: Any, server_url: str, web_env: Any
) -> None:
    with web_env.service() as service:
        items = service.list_items(ItemFilter("acme", limit=1000))
    file_name = items[0].path.rsplit("/", 1)[-1]
    of_file = [i for i in items if i.path.endswith("/" + file_name)]
    log_in(page, server_url, "ann", PASSWORD)
    page.goto(f"{server_url}/clients/acme")
    assert "you decided 0 today" in page.locator("#progress").inner_text()

    page.keyboard.press("/")  # search
    assert page.evaluate("document.activeElement.id") == "queue-search"
    page.keyboard.type(file_name)
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    listed = [int(i) for i in page.locator("#worklist tbody tr[data-item]").evaluate_all(
        "rows => rows.map(r => r.dataset.item)")]  # fmt: skip
    assert sorted(listed) == sorted(i.item_id for i in of_file if i.status == "open")

    page.keyboard.press("Escape")  # leave the search box
    page.keyboard.press("j")  # first row
    assert focused_item(page) == listed[0]
    chosen = []
    for _ in range(2):  # select the first two rows that can be accepted
        while page.evaluate(f"!({FOCUSED_ROW}).querySelector('input.pick')"):
            page.keyboard.press("j")
        chosen.append(focused_item(page))
        page.keyboard.press("x")
        page.keyboard.press("j")
    assert page.locator("#bulk-count").inner_text() == "2 selected"
    page.keyboard.press("k")
    page.keyboard.press("x")  # unselect the second, select it again
    assert page.locator("#bulk-count").inner_text() == "1 selected"
    page.keyboard.press("x")
    page.keyboard.press("Shift+A")  # accept the selected items
    page.wait_for_url(f"{server_url}/clients/acme/accept")
    assert page.locator("h1").inner_text() == "Accepted 2 of 2"
    assert page.locator("#bulk-results tr.ok").count() == 2
    assert "you decided 2 today" in page.locator("#progress").inner_text()
    with web_env.service() as service:
        for item_id in chosen:
            decided = service.show(item_id).decision
            assert decided and decided.decision.action == "accept" and decided.reviewer == "ann"

    assert page.evaluate("document.activeElement.id") == "bulk-back"
    page.keyboard.press("Enter")  # back to the list, its search kept
    page.wait_for_url("**/clients/acme?*")
    assert page.input_value("#queue-search") == file_name


def test_a_documents_items_in_one_view_and_claim_next(
    page: Any, server_url: str, web_env: Any
) -> None:
    with web_env.service() as service:
        items = service.list_items(ItemFilter("acme", limit=1000))
    log_in(page, server_url, "ann", PASSWORD)
    page.goto(f"{server_url}/clients/acme?group=document")
    assert page.locator("tr.doc-row").count() == len({i.doc_id for i in items})
    page.keyboard.press("j")
    row_item = next(i for i in items if i.item_id == focused_item(page))
    page.keyboard.press("d")  # all the items of the row's document
    page.wait_for_url(f"{server_url}/clients/acme/documents/{row_item.doc_id}")
    same = [i for i in items if i.doc_id == row_item.doc_id]
    assert page.locator("#worklist tbody tr[data-item]").count() == len(same)
    wait_until(page, "document.getElementById('viewer').dataset.pages !== undefined")
    shown = int(page.evaluate("document.getElementById('viewer').dataset.shownPage"))
    on_page = [i for i in same if i.box is not None and (i.page_number or 1) == shown]
    assert page.locator(".value-box").count() == len(on_page) > 0  # every value's box

    page.goto(f"{server_url}/clients/acme?sort=confidence&order=desc")
    page.keyboard.press("n")  # claim the next item, in the list's order
    page.wait_for_url(f"{server_url}/items/*")
    best = max((i for i in items if i.confidence is not None),
               key=lambda i: (i.confidence, -i.item_id))  # fmt: skip
    assert page.url.endswith(f"/items/{best.item_id}")
