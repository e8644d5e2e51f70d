"""The document viewer's images: every page of an item's document, at a zoom, drawn on demand.

``/items/{id}/pages/{n}.png?zoom=1.5`` is page ``n`` of the item's document (no box:
the page shows the value's box as an overlay, and a document's pages serve all its
items); ``/items/{id}/pages.json`` gives the pages' sizes in points, so the viewer
knows the page count and where a box in points falls on the image. Both draw in the
sandboxed children with the item's access checks (only the bytes whose sha256 is the
item's ``doc_id``: E614, E615, E617; E618 for a page the document does not have) and
keep what they drew in a bounded cache (``ServeSettings.page_cache_mb``).
``/items/{id}/page.png`` is the item's own page with the box drawn in.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from kpo.errors import KpoError
from kpo.review.model import QueueItem
from kpo.web.auth import WebError, WebState, signed_in
from kpo.web.evidence import document_page, page_png, page_sizes
from kpo.web.page_cache import PageCache
from kpo.web.render_sandbox import DocumentUnavailable, Drawer, PageNotInDocument

router = APIRouter()
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)  # pixels per PDF point
_MB = 1024 * 1024
_cache_lock = threading.Lock()
Drawing = Callable[[Drawer, Path, QueueItem], Any]  # (drawer, workspace, item) -> PNG or sizes


def snap_zoom(zoom: float) -> float:
    """The zoom of ``ZOOMS`` nearest ``zoom`` (1.0 for a value that is not a number)."""
    if not math.isfinite(zoom):
        return 1.0
    return min(ZOOMS, key=lambda z: abs(z - zoom))


def page_cache(request: Request) -> PageCache:
    """The application's cache of drawn pages (made on first use)."""
    app_state = request.app.state
    with _cache_lock:
        cache: PageCache | None = getattr(app_state, "kpo_pages", None)
        if cache is None:
            cache = PageCache(app_state.kpo.settings.page_cache_mb * _MB)
            app_state.kpo_pages = cache
    return cache


def _drawn(request: Request, item_id: int, key: tuple[Any, ...], draw: Drawing) -> Any:
    """What ``draw(drawer, workspace, item)`` gives, from the cache when it was drawn before.

    The item is checked (signed in, one of the user's clients) before the cache is read.
    """
    with signed_in(request) as ctx:
        item, state = ctx.item(item_id), ctx.state
    return cached(request, state, item, key, draw)


def cached(
    request: Request, state: WebState, item: QueueItem, key: tuple[Any, ...], draw: Drawing
) -> Any:
    """``draw(drawer, workspace, item)``, or what it gave before for this document and ``key``.

    Refusals raise ``WebError`` (404: E614, E618; 422: E615, E617); the caller has
    checked that the user may see ``item``.
    """
    cache = page_cache(request)
    full_key = (item.client, item.doc_id, *key)
    found = cache.get(full_key)
    if found is not None:
        return found
    value = _refused_as_pages(state, item, draw)
    size = len(value) if isinstance(value, bytes) else 16 * len(value) + 64
    cache.put(full_key, value, size)
    return value


def _refused_as_pages(state: WebState, item: QueueItem, draw: Drawing) -> Any:
    try:
        return draw(state.drawer, state.settings.workspace, item)
    except (DocumentUnavailable, PageNotInDocument) as exc:
        raise WebError(404, str(exc)) from exc
    except KpoError as exc:  # E615, E617
        raise WebError(422, str(exc)) from exc


@router.get("/items/{item_id}/page.png")
def item_image(request: Request, item_id: int) -> Response:
    """The item's PDF page as PNG, its value's box drawn on it (only the checked bytes: E614)."""
    with signed_in(request) as ctx:
        item, state = ctx.item(item_id), ctx.state
    scale = state.settings.render_scale
    png = _refused_as_pages(state, item, lambda d, w, i: page_png(d, w, i, scale))
    return Response(png, media_type="image/png")


@router.get("/items/{item_id}/pages/{page_number}.png")
def page_image(request: Request, item_id: int, page_number: int, zoom: float = 1.5) -> Response:
    """Page ``page_number`` of the item's document at ``zoom`` (snapped to ``ZOOMS``)."""
    zoom = snap_zoom(zoom)
    png = _drawn(
        request,
        item_id,
        ("png", page_number, zoom),
        lambda d, w, i: document_page(d, w, i, page_number, zoom),
    )
    return Response(png, media_type="image/png")


@router.get("/items/{item_id}/pages.json")
def pages_json(request: Request, item_id: int) -> Response:
    """The document's pages (width and height in points), and the zooms the images come at."""
    sizes = _drawn(request, item_id, ("sizes",), page_sizes)
    return JSONResponse({"pages": [list(s) for s in sizes], "zooms": list(ZOOMS)})
