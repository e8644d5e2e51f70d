"""The document viewer's routes: every page of an item's document at a zoom, its page sizes,
the access checks of the item page (another client's item, a changed file, a page the
document does not have: E618), and the bounded cache of drawn pages.

Document tests need no particular database: SQLite only (as test_document.py).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from kpo.records import ReviewItem
from kpo.review.model import ItemFilter, QueueItem
from kpo.web.page_cache import PageCache
from kpo.web.viewer import ZOOMS, snap_zoom


@pytest.fixture
def queue_db(tmp_path: Path) -> str:
    """SQLite only (overrides the conftest's SQLite and PostgreSQL parameters)."""
    return str(tmp_path / "review.sqlite")


def png_size(content: bytes) -> tuple[int, int]:
    from PIL import Image

    size: tuple[int, int] = Image.open(io.BytesIO(content)).size
    return size


def pdf_sizes(path: str) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(Path(path).read_bytes())
    try:
        return [tuple(pdf.get_page_size(i)) for i in range(len(pdf))]  # type: ignore[misc]
    finally:
        pdf.close()


def acme_item(web_env: Any, multi_page: bool = False) -> Any:
    """An acme field item (with a box), of a document of several pages when asked."""
    with web_env.service() as service:
        items = service.list_items(ItemFilter("acme", limit=1000))
    found = [i for i in items if i.box is not None]
    if multi_page:
        found = [i for i in found if len(pdf_sizes(i.path)) > 1]
    assert found, "the sample batch should have such an item"
    return found[0]


def count_draws(client: Any) -> list[str]:
    """The kinds of the drawing requests the app sends from now on."""
    drawer = client.app.state.kpo.drawer
    kinds: list[str] = []
    ask = drawer.ask

    def counted(request: Any, limits: Any) -> Any:
        kinds.append(request.kind)
        return ask(request, limits)

    drawer.ask = counted
    return kinds


def test_every_page_of_the_document_is_served_and_its_size_known(
    client_for: Any, web_env: Any
) -> None:
    item = acme_item(web_env, multi_page=True)
    sizes = pdf_sizes(item.path)
    ann = client_for("ann")
    info = ann.get(f"/items/{item.item_id}/pages.json").json()
    assert [tuple(p) for p in info["pages"]] == sizes
    assert info["zooms"] == list(ZOOMS)
    pictures = []
    for n, (width, height) in enumerate(sizes, start=1):
        got = ann.get(f"/items/{item.item_id}/pages/{n}.png?zoom=1")
        assert got.status_code == 200 and got.headers["content-type"] == "image/png"
        assert png_size(got.content) == pytest.approx((width, height), abs=1)
        pictures.append(got.content)
    assert len(set(pictures)) == len(sizes)  # each page is its own picture


def test_the_zoom_sets_the_pictures_size_and_snaps_to_a_known_zoom(
    client_for: Any, web_env: Any
) -> None:
    item = acme_item(web_env)
    width, height = pdf_sizes(item.path)[0]
    ann = client_for("ann")
    small = png_size(ann.get(f"/items/{item.item_id}/pages/1.png?zoom=0.5").content)
    large = png_size(ann.get(f"/items/{item.item_id}/pages/1.png?zoom=2.9").content)
    assert small == pytest.approx((width * 0.5, height * 0.5), abs=1)
    assert large == pytest.approx((width * 3, height * 3), abs=1)
    assert snap_zoom(100) == 4.0 and snap_zoom(0) == 0.5 and snap_zoom(float("nan")) == 1.0


@pytest.mark.parametrize("page", [0, -1, 99])
def test_a_page_not_in_the_document_is_refused_with_e618(
    client_for: Any, web_env: Any, page: int
) -> None:
    item = acme_item(web_env)
    pages = len(pdf_sizes(item.path))
    got = client_for("ann").get(f"/items/{item.item_id}/pages/{page}.png")
    assert got.status_code == 404
    assert "E618" in got.text and f"it has {pages} pages" in got.text


def test_another_clients_item_pages_are_refused(client_for: Any, web_env: Any) -> None:
    item = acme_item(web_env)
    gil = client_for("gil")  # a reviewer of globex only
    for url in (f"/items/{item.item_id}/pages/1.png", f"/items/{item.item_id}/pages.json"):
        got = gil.get(url)
        assert got.status_code == 404 and "E608" in got.text
        assert "image/png" not in got.headers["content-type"]
    anonymous = client_for(None).get(f"/items/{item.item_id}/pages/1.png", follow_redirects=False)
    assert anonymous.status_code in (302, 303, 307) and anonymous.headers["location"] == "/login"


def changed_document_item(web_env: Any, tmp_path: Path) -> QueueItem:
    """An acme item whose workspace copy is gone and whose input file has changed since."""
    source = acme_item(web_env)
    path = tmp_path / "drop" / "scan.pdf"  # a file of this test's own: the sample's are shared
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 another document")
    shutil.rmtree(web_env.settings.workspace / "documents", ignore_errors=True)
    moved = ReviewItem(source.doc_id, "low_confidence", "invoice", "total", "12.00", 0.4, 0.8, 1,
                       source.box)  # fmt: skip
    with web_env.service() as service:
        service.add_batch("acme", "changed", [(str(path), moved)])
        [item] = service.list_items(ItemFilter("acme", "changed"))
    return item


def test_a_document_whose_file_is_gone_is_refused_with_e614(
    client_for: Any, web_env: Any, tmp_path: Path
) -> None:
    item = changed_document_item(web_env, tmp_path)
    ann = client_for("ann")
    for url in (f"/items/{item.item_id}/pages/1.png", f"/items/{item.item_id}/pages.json"):
        got = ann.get(url)
        assert got.status_code == 404 and "E614" in got.text


def test_a_drawn_page_is_kept_and_served_again_without_drawing(
    client_for: Any, web_env: Any
) -> None:
    item = acme_item(web_env)
    ann = client_for("ann")
    draws = count_draws(ann)
    first = ann.get(f"/items/{item.item_id}/pages/1.png?zoom=1")
    again = ann.get(f"/items/{item.item_id}/pages/1.png?zoom=1.1")  # snaps to 1
    assert again.content == first.content and draws == ["page"]
    ann.get(f"/items/{item.item_id}/pages/1.png?zoom=2")
    ann.get(f"/items/{item.item_id}/pages.json")
    ann.get(f"/items/{item.item_id}/pages.json")
    assert draws == ["page", "page", "sizes"]


def test_the_cache_drops_the_least_recently_used_past_its_size() -> None:
    cache = PageCache(max_bytes=10)
    cache.put("a", b"aaaa", 4)
    cache.put("b", b"bbbb", 4)
    assert cache.get("a") == b"aaaa"  # a is now the most recently used
    cache.put("c", b"cccc", 4)
    assert cache.get("b") is None and cache.get("a") == b"aaaa" and cache.get("c") == b"cccc"
    assert cache.size == 8 and len(cache) == 2
    cache.put("huge", b"x" * 11, 11)  # larger than the whole cache: not kept
    assert cache.get("huge") is None and len(cache) == 2
    cache.put("a", b"aa", 2)  # replaced, its size counted once
    assert cache.size == 6
