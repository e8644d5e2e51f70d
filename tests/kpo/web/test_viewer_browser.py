"""The document viewer in chromium: every page by keyboard and buttons, zoom, pan, the value's
box over its page, a missing value opening on page 1, and a box drawn for a correction (by
keyboard and by mouse) that fills the correct form and is stored with the decision.

Skipped, with the reason, when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest

from kpo.records import Box, ReviewItem
from kpo.review.model import ItemFilter
from kpo.web.viewer import ZOOMS, snap_zoom

from .chromium import NEEDS_CHROMIUM, log_in, wait_until
from .conftest import PASSWORD
from .heavy_pdfs import huge_page_pdf
from .test_viewer import pdf_sizes

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.parametrize("queue_db", ["sqlite"], indirect=True)]
SHOWN = "document.getElementById('viewer').dataset"


def acme_items(web_env: Any) -> list[Any]:
    with web_env.service() as service:
        return service.list_items(ItemFilter("acme", limit=1000))


def multi_page_item(web_env: Any) -> Any:
    """An acme field item with a box, on a document of several pages."""
    with web_env.service() as service:
        items = service.list_items(ItemFilter("acme", limit=1000))
    found = [i for i in items if i.box is not None and len(pdf_sizes(i.path)) > 1]
    assert found, "the sample batch should have a field item on a document of several pages"
    return found[0]


def open_item(page: Any, server_url: str, item_id: int, pages: int) -> None:
    page.goto(f"{server_url}/items/{item_id}")
    wait_until(page, f"{SHOWN}.pages === '{pages}'")
    wait_until(page, "document.getElementById('page-img').complete")


def shown(page: Any) -> tuple[int, float, str]:
    """The viewer's page, zoom and the image's path."""
    data = page.evaluate(
        "(() => { const d = document.getElementById('viewer').dataset;"
        " const src = document.getElementById('page-img').getAttribute('src');"
        " return [d.shownPage, d.shownZoom, src]; })()"
    )
    return int(data[0]), float(data[1]), data[2]


def test_every_page_zoom_and_pan_by_keyboard_and_buttons(
    page: Any, server_url: str, web_env: Any
) -> None:
    item = multi_page_item(web_env)
    sizes = pdf_sizes(item.path)
    log_in(page, server_url, "ann", PASSWORD)
    open_item(page, server_url, item.item_id, len(sizes))
    assert page.locator("#page-count").inner_text() == str(len(sizes))
    start = item.page_number or 1
    assert shown(page)[0] == start
    assert page.locator(".value-box.current").count() == 1  # the value's box over its page
    assert page.locator(".value-box.current").inner_text() == item.field

    for n in range(start + 1, len(sizes) + 1):  # ] turns the pages to the last
        page.keyboard.press("]")
        assert shown(page)[0] == n and f"/pages/{n}.png" in shown(page)[2]
    page.keyboard.press("]")  # no page after the last
    assert shown(page)[0] == len(sizes)
    wait_until(page, "document.getElementById('page-img').naturalWidth > 0")
    if start != len(sizes):
        assert page.locator(".value-box.current").count() == 0  # not on this page
    page.click("#page-prev")
    assert shown(page)[0] == len(sizes) - 1

    page.keyboard.press("p")  # type a page number
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    assert shown(page)[0] == 1

    start_zoom = shown(page)[1]
    page.keyboard.press("+")
    page.keyboard.press("+")
    zoom = shown(page)[1]
    assert zoom == ZOOMS[ZOOMS.index(start_zoom) + 2] and f"zoom={zoom:g}" in shown(page)[2]
    wait_until(page, "document.getElementById('page-img').complete")
    width = page.evaluate("document.getElementById('page-img').getBoundingClientRect().width")
    assert width == pytest.approx(sizes[0][0] * zoom, abs=1)
    page.click("#zoom-out")
    assert shown(page)[1] == ZOOMS[ZOOMS.index(start_zoom) + 1]

    for _ in range(len(ZOOMS)):
        page.keyboard.press("+")  # the largest zoom: the page is wider than its view
    assert shown(page)[1] == ZOOMS[-1]
    box = page.locator("#page-wrap").bounding_box()  # pan: drag the page to the left
    before = page.evaluate("document.getElementById('page-wrap').scrollLeft")
    page.mouse.move(box["x"] + 600, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 400, box["y"] + 200, steps=5)
    page.mouse.up()
    after = page.evaluate("document.getElementById('page-wrap').scrollLeft")
    assert after == pytest.approx(before + 200, abs=2)

    page.focus("#box-draw")
    page.keyboard.press("Tab")  # the page itself: arrow keys pan it
    assert page.evaluate("document.activeElement.id") == "page-wrap"
    top = page.evaluate("document.getElementById('page-wrap').scrollTop")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("PageDown")
    wait_until(page, f"document.getElementById('page-wrap').scrollTop > {top + 100}")

    page.keyboard.press("v")  # back to the value
    assert shown(page)[0] == start and page.locator(".value-box.current").is_visible()


def test_a_missing_value_opens_on_page_one_and_can_go_anywhere(
    page: Any, server_url: str, web_env: Any
) -> None:
    item = multi_page_item(web_env)
    missing = ReviewItem(item.doc_id, "missing_required", "invoice", "due_date")
    with web_env.service() as service:
        service.add_batch("acme", "m1", [(item.path, missing)])
        [added] = service.list_items(ItemFilter("acme", "m1"))
    pages = len(pdf_sizes(item.path))
    log_in(page, server_url, "ann", PASSWORD)
    open_item(page, server_url, added.item_id, pages)
    assert shown(page)[0] == 1 and page.locator(".value-box").count() == 0
    page.click("#page-next")
    page.keyboard.press("]")
    assert shown(page)[0] == min(3, pages)


def decision_of(page: Any, web_env: Any, item_id: int, timeout_s: float = 10.0) -> Any:
    """The item's stored decision, once the page has saved it."""
    deadline = time.monotonic() + timeout_s
    while True:
        with web_env.service() as service:
            decided = service.show(item_id).decision
        if decided is not None:
            return decided
        assert time.monotonic() < deadline, f"item {item_id} was not decided"
        page.wait_for_timeout(100)


def drawn_box(page: Any) -> tuple[str, str]:
    return page.input_value("#correct-box"), page.input_value("#correct-page")


def test_a_box_drawn_by_keyboard_is_stored_with_the_correction(
    page: Any, server_url: str, web_env: Any
) -> None:
    item = multi_page_item(web_env)
    assert item.box is not None and item.value is not None
    log_in(page, server_url, "ann", PASSWORD)
    open_item(page, server_url, item.item_id, len(pdf_sizes(item.path)))
    page.keyboard.press("c")  # claim
    page.wait_for_selector("#correct-form")
    wait_until(page, f"{SHOWN}.pages !== undefined")
    page.keyboard.press("b")  # a box on the value's box, then 2 steps right and 1 taller
    assert page.evaluate("document.activeElement.id") == "drawn-box"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Enter")  # keep it: the focus goes to the value
    assert page.evaluate("document.activeElement.id") == "correct-value"
    b = item.box
    expected = [b.x0 + 8, b.top, b.x1 + 8, b.bottom + 4]
    got_box, got_page = drawn_box(page)
    assert [float(v) for v in got_box.split(",")] == pytest.approx(expected, abs=0.06)
    assert got_page == str(item.page_number)
    assert "Your box on page" in page.locator("#box-status").inner_text()
    page.keyboard.press("Enter")  # save the correction (the proposed value)
    decided = decision_of(page, web_env, item.item_id)
    assert decided.decision.action == "correct" and decided.decision.box is not None
    stored = decided.decision.box
    assert [stored.x0, stored.top, stored.x1, stored.bottom] == pytest.approx(expected, abs=0.06)
    assert decided.decision.page_number == item.page_number


def test_a_box_drawn_by_mouse_fills_the_correct_form_in_points(
    page: Any, server_url: str, web_env: Any
) -> None:
    item = multi_page_item(web_env)
    log_in(page, server_url, "ann", PASSWORD)
    open_item(page, server_url, item.item_id, len(pdf_sizes(item.path)))
    page.keyboard.press("c")
    page.wait_for_selector("#correct-form")
    wait_until(page, f"{SHOWN}.pages !== undefined")
    page.keyboard.press("]" if (item.page_number or 1) == 1 else "[")  # another page
    other = shown(page)[0]
    zoom = shown(page)[1]
    page.click("#box-draw")
    page.keyboard.press("Escape")  # drop the keyboard box: draw with the mouse instead
    page.click("#box-draw")
    stage = page.locator("#page-stage").bounding_box()
    wrap = page.evaluate(
        "[document.getElementById('page-wrap').scrollLeft,"
        " document.getElementById('page-wrap').scrollTop]"
    )
    page.mouse.move(stage["x"] + 150, stage["y"] + 120)
    page.mouse.down()
    page.mouse.move(stage["x"] + 330, stage["y"] + 150, steps=6)
    page.mouse.up()
    got_box, got_page = drawn_box(page)
    assert got_page == str(other)
    expected = [150 / zoom, 120 / zoom, 330 / zoom, 150 / zoom]
    assert wrap == [0, 0]
    assert [float(v) for v in got_box.split(",")] == pytest.approx(expected, abs=0.6)
    assert page.evaluate("document.activeElement.id") == "correct-value"


def test_a_sharper_picture_on_a_hidpi_screen_and_the_next_page_drawn_ahead(
    page: Any, server_url: str, web_env: Any
) -> None:
    item = multi_page_item(web_env)
    sizes = pdf_sizes(item.path)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    log_in(page, server_url, "ann", PASSWORD)
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1400, "height": 1000, "deviceScaleFactor": 2, "mobile": False},
    )
    open_item(page, server_url, item.item_id, len(sizes))
    page.keyboard.press("p")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    zoom = shown(page)[1]
    sharp = snap_zoom(zoom * 2)
    assert sharp > zoom
    assert shown(page) == (1, zoom, f"/items/{item.item_id}/pages/1.png?zoom={sharp:g}")
    wait_until(page, "document.getElementById('page-img').complete")
    width = page.evaluate("document.getElementById('page-img').getBoundingClientRect().width")
    assert width == pytest.approx(sizes[0][0] * zoom, abs=1)  # shown at the zoom
    deadline = time.monotonic() + 10
    while not any(
        url.endswith(f"/items/{item.item_id}/pages/2.png?zoom={sharp:g}") for url in asked
    ):
        assert time.monotonic() < deadline, "page 2 was not asked for ahead"
        page.wait_for_timeout(50)
    assert shown(page)[0] == 1  # still on page 1


def test_the_page_fits_the_width_until_the_reviewer_zooms_and_their_zoom_is_kept(
    page: Any, server_url: str, web_env: Any
) -> None:
    item = multi_page_item(web_env)
    sizes = pdf_sizes(item.path)
    other = next(i for i in acme_items(web_env) if i.item_id != item.item_id)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    log_in(page, server_url, "ann", PASSWORD)
    open_item(page, server_url, item.item_id, len(sizes))
    room = page.evaluate("document.getElementById('page-wrap').clientWidth")
    fit = shown(page)[1]
    start = f"/items/{item.item_id}/pages/{item.page_number or 1}.png"
    assert [u.split(server_url, 1)[1] for u in asked if start in u] == [f"{start}?zoom={fit:g}"]
    width = sizes[(item.page_number or 1) - 1][0]
    assert width * fit <= room < width * ZOOMS[ZOOMS.index(fit) + 1]  # the widest that fits
    page.keyboard.press("+")
    page.keyboard.press("+")
    kept = shown(page)[1]
    open_item(page, server_url, other.item_id, len(pdf_sizes(other.path)))
    assert shown(page)[1] == kept  # the next item opens at the reviewer's zoom
    page.keyboard.press("0")  # fit the width again, for the next items too
    assert shown(page)[1] == fit or shown(page)[1] < kept
    open_item(page, server_url, item.item_id, len(sizes))
    assert shown(page)[1] == fit


def test_a_huge_pages_value_is_scrolled_into_view(
    page: Any, server_url: str, web_env: Any, tmp_path: Path
) -> None:
    data = huge_page_pdf()  # one page of 14400 x 14400 points
    (tmp_path / "huge.pdf").write_bytes(data)
    far = ReviewItem(hashlib.sha256(data).hexdigest(), "low_confidence", "invoice", "total",
                     "12.00", 0.4, 0.8, 1, Box(13000, 9000, 13200, 9020))  # fmt: skip
    with web_env.service() as service:
        service.add_batch("acme", "h1", [(str(tmp_path / "huge.pdf"), far)])
        [item] = service.list_items(ItemFilter("acme", "h1"))
    log_in(page, server_url, "ann", PASSWORD)
    open_item(page, server_url, item.item_id, 1)
    wait_until(page, "document.getElementById('page-img').naturalWidth > 0")
    assert shown(page)[1] == ZOOMS[0]  # as small as it goes: 7200 px wide, drawn at most 6 MP
    assert page.evaluate("document.getElementById('page-img').naturalWidth") < 2500
    inside = page.evaluate(
        "(() => { const b = document.querySelector('.value-box.current').getBoundingClientRect();"
        " const w = document.getElementById('page-wrap').getBoundingClientRect();"
        " return b.left >= w.left && b.right <= w.right && b.top >= w.top"
        " && b.bottom <= w.bottom; })()"
    )
    assert inside, "the value's box is in view"
