"""The key registry (static/keys.js) in chromium, by keyboard only: the ``?`` dialog lists
every registered action, traps and gives back the focus, remaps a key (kept in
localStorage), turns single-key shortcuts off (WCAG 2.1.4), and keys typed into a text
box stay text."""

from __future__ import annotations

from typing import Any

import pytest

from .chromium import NEEDS_CHROMIUM, claim_by_key, wait_until

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True)]


def claimed_item(page: Any, server_url: str, item_id: int) -> None:
    """Ann, logged in, on item ``item_id``, claimed with key c."""
    claim_by_key(page, server_url, item_id, "accept-form")


def active(page: Any, attribute: str = "id") -> str:
    return str(page.evaluate(f"document.activeElement.getAttribute('{attribute}') || ''"))


def decision_of(web_env: Any, item_id: int) -> Any:
    with web_env.service() as service:
        return service.show(item_id).decision


def field_item(web_env: Any) -> int:
    with web_env.service() as service:
        return next(i.item_id for i in service.list_items() if i.client == "acme" and i.value)


def test_help_lists_the_keys_traps_the_focus_and_gives_it_back(
    page: Any, server_url: str, web_env: Any
) -> None:
    claimed_item(page, server_url, field_item(web_env))
    page.keyboard.press("e")
    page.keyboard.press("Escape")  # leave the text box: keys work again
    assert active(page) != "correct-value"
    page.keyboard.press("Tab")
    page.evaluate("document.activeElement.dataset.testMark = 'before'")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    rows = page.locator("#help-keys tr").all_inner_texts()
    listed = {r.split("\t")[0].strip(): r for r in rows}
    assert {"?", "a", "e", "r", "n", "c"} <= set(listed), rows
    assert "accept" in listed["a"]
    assert active(page) == "help-close"
    for _ in range(len(rows) + 5):  # Tab goes round the dialog, never behind it
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('help').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()
    assert page.evaluate("document.activeElement.dataset.testMark") == "before"


def open_change_of(page: Any, description: str) -> None:
    """In the open help dialog, Tab to the 'change' button of ``description`` and press it."""
    for _ in range(30):
        if description in active(page, "aria-label"):
            page.keyboard.press("Enter")
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no change button for {description!r}")


def test_a_remapped_key_is_kept_and_swaps_with_the_key_it_took(
    page: Any, server_url: str, web_env: Any
) -> None:
    item_id = field_item(web_env)
    claimed_item(page, server_url, item_id)
    page.keyboard.press("?")
    open_change_of(page, "accept the proposed value")
    page.keyboard.press("r")  # the key of reject: the two swap
    assert "r now does: accept" in page.locator("#help-note").inner_text()
    page.keyboard.press("Escape")
    page.reload()
    wait_until(page, "document.querySelector('[data-key-for=accept]').textContent === 'r'")
    assert page.locator("#accept-form kbd").inner_text() == "r"
    page.keyboard.press("a")  # now reject: its reason box takes the focus
    assert active(page) == "reject-reason"
    page.keyboard.press("Escape")
    assert decision_of(web_env, item_id) is None
    page.keyboard.press("r")
    page.wait_for_url(f"{server_url}/items/*?done={item_id}")
    decided = decision_of(web_env, item_id)
    assert decided is not None and decided.decision.action == "accept"


def test_single_key_shortcuts_can_be_turned_off(page: Any, server_url: str, web_env: Any) -> None:
    item_id = field_item(web_env)
    claimed_item(page, server_url, item_id)
    page.keyboard.press("?")
    for _ in range(30):
        if active(page) == "keys-on":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert not page.locator("#keys-on").is_checked()
    page.keyboard.press("Escape")
    page.reload()
    wait_until(page, "document.getElementById('help-button').hidden === false")
    assert not page.locator("#accept-form kbd").is_visible()
    assert not page.locator(".crumbs .hint").is_visible()  # no "press ? for keys" either
    page.keyboard.press("a")
    page.keyboard.press("?")
    page.wait_for_timeout(300)
    assert not page.locator("#help").is_visible()
    assert decision_of(web_env, item_id) is None
    for _ in range(40):  # back to the header's Keys button: it still opens the list
        page.keyboard.press("Shift+Tab")
        if active(page) == "help-button":
            break
    page.keyboard.press("Enter")
    assert page.locator("#help").is_visible()


def test_keys_typed_into_a_text_box_stay_text(page: Any, server_url: str, web_env: Any) -> None:
    item_id = field_item(web_env)
    claimed_item(page, server_url, item_id)
    page.keyboard.press("r")
    page.keyboard.type("a reason: ?enc")
    assert page.locator("#reject-reason").input_value() == "a reason: ?enc"
    assert not page.locator("#help").is_visible()
    assert decision_of(web_env, item_id) is None
