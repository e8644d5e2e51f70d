"""The item page's flow in chromium, by keyboard only: decide and be shown the next item,
undo, typed values shown normalised and refused beside their input, a document's type
from the list, "not in the document" and no value to accept, skip, and the lease shown,
renewed while the reviewer is active and said when it has ended."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from .chromium import NEEDS_CHROMIUM, chromium_page, claim_by_key, serving, wait_until
from .flow_items import chosen_items, decision_of, item_of

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True)]


def start(page: Any, server_url: str, item_id: int) -> None:
    """Ann on item ``item_id``, claimed with key c (the page then holds it: its lease)."""
    claim_by_key(page, server_url, item_id, "lease")


def press_and_wait(page: Any, key: str, url: str) -> None:
    """Press ``key`` and wait for the page at ``url`` (a glob) to be there."""
    page.keyboard.press(key)
    page.wait_for_url(url)
    wait_until(page, "document.readyState === 'complete'")


def active_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id"))


def test_decide_undo_and_decide_again_by_keyboard(page: Any, server_url: str, web_env: Any) -> None:
    one, two, doc = chosen_items(web_env, "title", "agreement_date", None)
    start(page, server_url, one)
    assert active_id(page) == "panel"  # the page starts on the item's panel
    press_and_wait(page, "a", f"{server_url}/items/{two}?done={one}")
    assert page.locator("#flash").inner_text() == f"Item {one} accepted · u to undo."
    assert item_of(web_env, two).claimed_by == "ann"

    press_and_wait(page, "u", f"{server_url}/items/{one}")
    assert decision_of(web_env, one) is None and item_of(web_env, two).status == "open"
    assert page.locator("#accept-form").count() == 1
    press_and_wait(page, "a", f"{server_url}/items/{two}?done={one}")

    page.keyboard.press("e")  # a date: shown normalised while typed, stored normalised
    page.keyboard.press("Control+A")
    page.keyboard.type("31 March 2024")
    wait_until(page, "document.getElementById('correct-normal').textContent.includes('2024-03-31')")
    press_and_wait(page, "Enter", f"{server_url}/items/{doc}?done={two}")
    assert decision_of(web_env, two).decision.value == "2024-03-31"

    page.keyboard.press("e")  # a document's type: from the list, Enter saves
    assert active_id(page) == "reclassify-type"
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.getElementById('reclassify-type').value")
    press_and_wait(page, "Enter", f"{server_url}/clients/acme")
    assert "Nothing left to review here." in page.locator("#flash").inner_text()
    assert decision_of(web_env, doc).decision.doc_type == chosen


def test_a_refused_value_keeps_the_typing_and_the_focus(
    page: Any, server_url: str, web_env: Any
) -> None:
    (date,) = chosen_items(web_env, "agreement_date")
    start(page, server_url, date)
    page.keyboard.press("e")
    page.keyboard.press("Control+A")
    page.keyboard.type("soon-ish")
    wait_until(page, "document.getElementById('correct-normal').textContent.startsWith('E512')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#correct-error")
    assert active_id(page) == "correct-value"
    assert page.locator("#correct-value").input_value() == "soon-ish"
    assert page.locator("#correct-error").inner_text().startswith("E512")
    assert decision_of(web_env, date) is None
    page.keyboard.press("Control+A")
    page.keyboard.type("2024-03-31")
    press_and_wait(page, "Enter", f"{server_url}/clients/acme")
    assert decision_of(web_env, date).decision.value == "2024-03-31"


def test_no_value_says_so_in_words_and_x_marks_it_absent(
    page: Any, server_url: str, web_env: Any
) -> None:
    empty, other = chosen_items(web_env, "agreement_date", "agreement_date", value=None)
    start(page, server_url, empty)
    assert page.locator("#accept-form").count() == 0
    assert page.locator("#no-value").is_visible()
    page.keyboard.press("a")
    wait_until(page, "(document.getElementById('key-status') || {}).textContent > ''")
    said = page.locator("#key-status").inner_text()
    assert "no value to accept" in said and "E505" not in said
    assert decision_of(web_env, empty) is None
    press_and_wait(page, "x", f"{server_url}/items/{other}?done={empty}")
    assert decision_of(web_env, empty).decision.action == "absent"


def test_skip_goes_on_and_brings_the_item_back_last(
    page: Any, server_url: str, web_env: Any
) -> None:
    one, two = chosen_items(web_env, "title", "title")
    start(page, server_url, one)
    press_and_wait(page, "s", f"{server_url}/items/{two}")
    assert f"Item {one} skipped" in page.locator("#flash").inner_text()
    press_and_wait(page, "a", f"{server_url}/items/{one}?done={two}")


def test_a_key_pressed_again_before_the_next_page_decides_nothing_more(
    page: Any, server_url: str, web_env: Any
) -> None:
    one, two = chosen_items(web_env, "title", "title")
    start(page, server_url, one)
    page.keyboard.press("a")
    page.keyboard.press("a")  # impatient: the first accept is still on its way
    page.wait_for_url(f"{server_url}/items/{two}?done={one}")
    wait_until(page, "document.readyState === 'complete'")
    assert "E50" not in page.locator("#flash").inner_text()
    assert decision_of(web_env, two) is None
    press_and_wait(page, "u", f"{server_url}/items/{one}")  # the first is still undone
    assert decision_of(web_env, one) is None
    page.keyboard.press("g")  # give it back
    wait_until(page, "(document.getElementById('flash') || {}).textContent === "
                     f"'Item {one} given back.'")  # fmt: skip
    assert item_of(web_env, one).status == "open"


def test_the_lease_ticks_is_renewed_while_active_and_its_end_is_said(
    web_env: Any, tmp_path: Path
) -> None:
    from kpo.web.app import create_app

    (one,) = chosen_items(web_env, "title")
    app = create_app(replace(web_env.settings, lease_s=6.0))
    with serving(app) as server_url, chromium_page(tmp_path / "profile") as page:
        start(page, server_url, one)
        first = item_of(web_env, one).lease_until
        shown = page.locator("#lease-left").inner_text()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the reviewer is at work: the lease is renewed
            page.keyboard.press("Shift")
            page.wait_for_timeout(250)
        assert page.locator("#lease-left").inner_text() != shown
        assert item_of(web_env, one).lease_until > first + 2
        wait_until(page, "document.getElementById('lease').classList.contains('ended')", 12)
        assert "ended" in page.locator("#lease-text").inner_text()
        assert page.locator("#claim-form").is_visible()
        assert not page.locator("#actions").is_visible()
        page.keyboard.press("c")
        lease = "document.getElementById('lease')"
        wait_until(page, f"{lease} !== null && !{lease}.classList.contains('ended')")
        assert item_of(web_env, one).claimed_by == "ann"
