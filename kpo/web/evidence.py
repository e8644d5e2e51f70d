"""The evidence of an item: its document's pages as PNGs (the value's box drawn on the item's
page image), the pages' sizes, and the text near the value.

Only the bytes whose sha256 is the item's ``doc_id`` are ever shown: the workspace's
copy of the document (``Workspace.document_path``, kept by ``kpo run``) is tried
first, then the batch's input path (batches made before copies were kept). The
bytes are read, checked and drawn in a child process with the client's extraction
limits (kpo/web/render_sandbox.py); a missing or changed file gives E614, never
another document. The text comes from the words of the batch's ``pages.parquet``
(what the pipeline saw), lines around the box with the words inside it marked;
when the batch is not in this workspace (a shared PostgreSQL queue), from the
checked PDF's text layer in a band around the box.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kpo.errors import ConfigError, Errors, KpoError
from kpo.review.context import MAX_LINES, Line, page_words, words_to_lines
from kpo.review.model import QueueItem
from kpo.settings import Limits
from kpo.web.render_child import DrawRequest, fit_scale
from kpo.web.render_sandbox import WRONG_ANSWER, Drawer, DrawingFailed
from kpo.workspace import Workspace

MAX_PIXELS = 6_000_000  # a page is drawn at most this large (an A4 page up to scale 3.4)


@dataclass(frozen=True)
class ItemEvidence:
    """What the item page shows beside the value.

    ``problem``: the message shown instead of the page image (E614, E615, E617), or
    None when the image can be drawn, at ``scale`` pixels per point.
    """

    lines: list[Line]
    scale: float
    problem: str | None = None


def candidates(workspace: Path, item: QueueItem) -> tuple[tuple[str, str], ...]:
    """The files that may hold the item's document: the workspace's copy, then the input path."""
    found = [(f"the file at {item.path!r}", item.path)]
    try:
        copy = Workspace(workspace).document_path(item.client, item.doc_id)
    except ConfigError:  # not a sha256: no copy can exist
        return tuple(found)
    return (("the workspace's copy", str(copy)), *found)


def limits(workspace: Path, item: QueueItem) -> Limits:
    """The client's extraction limits (kpo.toml), which drawing its pages obeys too."""
    return Workspace(workspace).pipeline_settings(item.client).limits


def _request(
    workspace: Path, item: QueueItem, kind: str, scale: float, limits: Limits, want_text: bool
) -> DrawRequest:
    box = None if item.box is None else (item.box.x0, item.box.top, item.box.x1, item.box.bottom)
    return DrawRequest(
        kind, candidates(workspace, item), item.doc_id, item.page_number or 1, box, scale,
        MAX_PIXELS, limits.max_file_mb * 1024 * 1024, want_text,
    )  # fmt: skip


def page_png(drawer: Drawer, workspace: Path, item: QueueItem, scale: float) -> bytes:
    """The item's page as PNG bytes, the box outlined; raises E614, E615 or E617."""
    found = limits(workspace, item)
    png = drawer.ask(_request(workspace, item, "png", scale, found, False), found)
    if not isinstance(png, bytes):
        raise DrawingFailed(Errors.E615.format(why=WRONG_ANSWER))
    return png


def document_page(
    drawer: Drawer, workspace: Path, item: QueueItem, page_number: int, zoom: float
) -> bytes:
    """Page ``page_number`` of the item's document as PNG, no box; raises E614, E615, E617, E618."""
    found = limits(workspace, item)
    request = _request(workspace, item, "page", zoom, found, False)
    request = replace(request, page_number=page_number, box=None)
    png = drawer.ask(request, found)
    if not isinstance(png, bytes):
        raise DrawingFailed(Errors.E615.format(why=WRONG_ANSWER))
    return png


def page_sizes(drawer: Drawer, workspace: Path, item: QueueItem) -> list[tuple[float, float]]:
    """Every page's (width, height) in points of the item's document; raises E614, E615, E617."""
    found = limits(workspace, item)
    payload = drawer.ask(_request(workspace, item, "sizes", 1.0, found, False), found)
    try:
        sizes = [(float(w), float(h)) for w, h in payload]
    except (TypeError, ValueError):
        raise DrawingFailed(Errors.E615.format(why=WRONG_ANSWER)) from None
    if not sizes or not all(0 < v < 1e6 for pair in sizes for v in pair):
        raise DrawingFailed(Errors.E615.format(why=WRONG_ANSWER))
    return sizes


def item_evidence(drawer: Drawer, workspace: Path, item: QueueItem, scale: float) -> ItemEvidence:
    """The text around the value, and whether (and at what scale) its page can be shown."""
    words = page_words(workspace, item, item.page_number or 1)
    lines = [] if words is None else words_to_lines(words, item.box)
    try:
        found = limits(workspace, item)
        request = _request(workspace, item, "evidence", scale, found, words is None)
        width, height, text = _evidence(drawer.ask(request, found))
    except KpoError as exc:
        return ItemEvidence(lines, scale, str(exc))
    if words is None:
        lines = [[(word, False) for word in line] for line in text]
    return ItemEvidence(lines, fit_scale(width, height, scale, MAX_PIXELS))


def _evidence(payload: Any) -> tuple[float, float, list[list[str]]]:
    """The page size and text lines of a child's evidence answer, checked (it is untrusted)."""
    try:
        width, height = float(payload["width"]), float(payload["height"])
        lines = [[str(word) for word in line] for line in payload["lines"] or []]
    except (TypeError, KeyError, ValueError):
        raise DrawingFailed(Errors.E615.format(why=WRONG_ANSWER)) from None
    return width, height, lines[:MAX_LINES]
