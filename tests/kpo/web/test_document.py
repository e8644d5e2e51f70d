"""The review page shows only the bytes whose sha256 is the item's document, drawn in a child
process with the client's extraction limits.

Regressions of issue 16: a shared drop folder reused by another client made the page show
client B's document on client A's item (points 3); a 481-byte PDF with a 14400 x 14400 pt
page took 31 s and 3.6 GB in the web process, and every other page waited behind its lock
(point 4). The document tests need no particular database: they run on SQLite only. The
drawing child on its own: test_render_sandbox.py.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kpo.records import Box, ReviewItem
from kpo.review.model import ItemFilter
from kpo.workspace import Workspace

from .heavy_pdfs import form_bomb_pdf, huge_page_pdf


@pytest.fixture
def queue_db(tmp_path: Path) -> str:
    """SQLite only (overrides the conftest's SQLite and PostgreSQL parameters)."""
    return str(tmp_path / "review.sqlite")


def add_item(env: Any, client: str, batch: str, path: Path, data: bytes) -> int:
    """A review item of ``client`` for the document ``data``, whose input path is ``path``."""
    doc_id = hashlib.sha256(data).hexdigest()
    item = ReviewItem(doc_id, "low_confidence", "invoice", "total", "12.00", 0.4, 0.8, 1,
                      Box(72, 72, 200, 90))  # fmt: skip
    with env.service() as service:
        service.add_batch(client, batch, [(str(path), item)])
        [found] = service.list_items(ItemFilter(client, batch))
    return found.item_id


@pytest.fixture
def two_documents(web_env: Any) -> tuple[bytes, bytes]:
    """The bytes of two different documents of the sample batch (A, then B).

    The workspace's copies of the documents are removed, as in a workspace whose
    batches were made before ``kpo run`` kept copies: the page has only input paths.
    """
    shutil.rmtree(web_env.settings.workspace / "documents", ignore_errors=True)
    with web_env.service() as service:
        paths = sorted({i.path for i in service.list_items() if i.client == "acme"})
    first, second = (Path(p).read_bytes() for p in paths[:2])
    assert first != second
    return first, second


def png_size(content: bytes) -> tuple[int, int]:
    from PIL import Image

    size: tuple[int, int] = Image.open(io.BytesIO(content)).size
    return size


def test_a_reused_drop_folder_never_shows_the_other_clients_document(
    client_for: Any, web_env: Any, two_documents: tuple[bytes, bytes], tmp_path: Path
) -> None:
    doc_a, doc_b = two_documents
    drop = tmp_path / "drop" / "scan.pdf"  # the shared drop folder: A's file, then B's
    drop.parent.mkdir()
    drop.write_bytes(doc_a)
    item_id = add_item(web_env, "acme", "a1", drop, doc_a)
    ann = client_for("ann")
    assert ann.get(f"/items/{item_id}/page.png").headers["content-type"] == "image/png"
    drop.write_bytes(doc_b)  # client B's batch reused the folder
    image = ann.get(f"/items/{item_id}/page.png")
    assert image.status_code == 404 and "E614" in image.text
    assert "different file" in image.text and not image.content.startswith(b"\x89PNG")
    page = ann.get(f"/items/{item_id}")
    assert page.status_code == 200 and "E614" in page.text and 'id="page-img"' not in page.text
    drop.unlink()
    gone = ann.get(f"/items/{item_id}/page.png")
    assert gone.status_code == 404 and "E614" in gone.text and "is missing" in gone.text


def test_the_text_fallback_reads_only_the_checked_bytes(
    client_for: Any, web_env: Any, two_documents: tuple[bytes, bytes], tmp_path: Path
) -> None:
    """Batch a2 is not in this workspace (no pages.parquet): the text comes from the PDF."""
    import pypdfium2 as pdfium

    def shown_text(item_id: int) -> str:
        page = ann.get(f"/items/{item_id}").text
        return page.split('id="context">', 1)[1].split("</div>", 1)[0]

    def long_words(data: bytes) -> set[str]:
        text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
        return {word for word in text.split() if len(word) > 5 and word.isalpha()}

    doc_a, doc_b = two_documents
    only_b = long_words(doc_b) - long_words(doc_a)
    drop, ann = tmp_path / "scan.pdf", client_for("ann")
    drop.write_bytes(doc_a)
    item_id = add_item(web_env, "acme", "a2", drop, doc_a)
    assert "<p>" in shown_text(item_id), "the text of A is shown while the file is A"
    drop.write_bytes(doc_b)
    shown = shown_text(item_id)
    assert "No text found" in shown and only_b
    assert not any(word in shown for word in only_b)


def test_the_workspace_copy_is_shown_whatever_is_at_the_input_path(
    client_for: Any, web_env: Any, two_documents: tuple[bytes, bytes], tmp_path: Path
) -> None:
    doc_a, doc_b = two_documents
    drop = tmp_path / "scan.pdf"
    drop.write_bytes(doc_a)
    item_id = add_item(web_env, "acme", "a3", drop, doc_a)
    ann = client_for("ann")
    drawn_from_a = ann.get(f"/items/{item_id}/page.png").content
    drop.write_bytes(doc_b)
    copy = Workspace(web_env.settings.workspace).document_path(
        "acme", hashlib.sha256(doc_a).hexdigest()
    )
    copy.parent.mkdir(parents=True)
    copy.write_bytes(doc_a)
    image = ann.get(f"/items/{item_id}/page.png")
    assert image.status_code == 200 and image.content == drawn_from_a
    assert 'id="page-img"' in ann.get(f"/items/{item_id}").text
    copy.write_bytes(doc_b)  # a damaged copy is not shown either
    damaged = ann.get(f"/items/{item_id}/page.png")
    assert damaged.status_code == 404 and "copy is a different file" in damaged.text


def test_a_named_pipe_at_the_input_path_is_refused_without_blocking(
    client_for: Any, web_env: Any, two_documents: tuple[bytes, bytes], tmp_path: Path
) -> None:
    pipe = tmp_path / "scan.pdf"
    os.mkfifo(pipe)
    item_id = add_item(web_env, "acme", "a4", pipe, two_documents[0])
    started = time.monotonic()
    image = client_for("ann").get(f"/items/{item_id}/page.png")
    assert image.status_code == 404 and "is not a regular file" in image.text
    assert time.monotonic() - started < 10


def test_a_huge_page_is_drawn_small_and_fast(client_for: Any, web_env: Any, tmp_path: Path) -> None:
    data = huge_page_pdf()
    assert len(data) < 698
    (tmp_path / "huge.pdf").write_bytes(data)
    item_id = add_item(web_env, "acme", "h1", tmp_path / "huge.pdf", data)
    ann = client_for("ann")
    started = time.monotonic()
    image = ann.get(f"/items/{item_id}/page.png")
    elapsed = time.monotonic() - started
    assert image.status_code == 200 and elapsed < 10, f"{elapsed:.1f} s"
    width, height = png_size(image.content)
    assert width * height <= 6_000_000 and width > 1000  # evidence.MAX_PIXELS
    page = ann.get(f"/items/{item_id}")  # its value's box in view: test_viewer_browser.py
    assert page.status_code == 200 and 'id="viewer"' in page.text


def test_a_page_over_the_time_limit_fails_with_e615_while_other_pages_are_drawn(
    client_for: Any, web_env: Any, tmp_path: Path
) -> None:
    timeout_s = 3
    config = web_env.settings.workspace / "kpo.toml"
    config.write_text(config.read_text() + f"\n[limits]\ntimeout_s = {timeout_s}\n")
    bomb = form_bomb_pdf()
    assert len(bomb) < 2500
    (tmp_path / "bomb.pdf").write_bytes(bomb)
    bomb_id = add_item(web_env, "acme", "x1", tmp_path / "bomb.pdf", bomb)
    ann, other = client_for("ann"), client_for("ann")
    plain_id = web_env.acme_ids[0]
    other.get(f"/items/{plain_id}/page.png")  # a warm child, as on a running server
    found: dict[str, Any] = {}

    def get(key: str, client: Any, item_id: int) -> None:
        started = time.monotonic()
        found[key] = client.get(f"/items/{item_id}/page.png")
        found[f"{key}_s"] = time.monotonic() - started

    bomb_thread = threading.Thread(target=get, args=("bomb", ann, bomb_id), daemon=True)
    bomb_thread.start()
    time.sleep(0.5)
    assert bomb_thread.is_alive(), "the bomb should still be drawing"
    plain_thread = threading.Thread(target=get, args=("plain", other, plain_id), daemon=True)
    plain_thread.start()
    plain_thread.join(timeout=timeout_s - 0.5)
    assert "plain" in found, "another page must be drawn while the bomb is drawing"
    assert found["plain"].status_code == 200 and bomb_thread.is_alive()
    bomb_thread.join(timeout=60)
    bomb_reply = found["bomb"]
    assert bomb_reply.status_code == 422 and "E615" in bomb_reply.text
    assert f"{timeout_s} s time limit" in bomb_reply.text
    assert found["bomb_s"] < timeout_s + 5


def test_a_file_swapped_back_and_forth_never_shows_the_other_document(
    client_for: Any, web_env: Any, two_documents: tuple[bytes, bytes], tmp_path: Path
) -> None:
    """The bytes are read once and drawn as read: no second open can see the other file."""
    doc_a, doc_b = two_documents
    drop, staged = tmp_path / "scan.pdf", {b: tmp_path / f"{b}.pdf" for b in ("a", "b")}
    drop.write_bytes(doc_a)
    item_id = add_item(web_env, "acme", "r1", drop, doc_a)
    ann = client_for("ann")
    drawn_from_a = ann.get(f"/items/{item_id}/page.png").content
    stop = threading.Event()

    def swap() -> None:
        while not stop.is_set():
            for name, data in (("a", doc_a), ("b", doc_b)):
                staged[name].write_bytes(data)
                os.replace(staged[name], drop)

    swapper = threading.Thread(target=swap, daemon=True)
    swapper.start()
    try:
        replies = [ann.get(f"/items/{item_id}/page.png") for _ in range(30)]
    finally:
        stop.set()
        swapper.join(timeout=10)
    shown = [r.content for r in replies if r.status_code == 200]
    refused = [r for r in replies if r.status_code != 200]
    assert all(content == drawn_from_a for content in shown)
    assert all(r.status_code == 404 and "E614" in r.text for r in refused)
    assert shown and refused, "both files were at the path during the test"
