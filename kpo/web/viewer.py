"""The document viewer's images: an item's PDF page with its value's box drawn on it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from kpo.web.auth import WebError, signed_in
from kpo.web.evidence import page_png
from kpo.web.render_sandbox import DocumentUnavailable, DrawingFailed

router = APIRouter()


@router.get("/items/{item_id}/page.png")
def item_image(request: Request, item_id: int) -> Response:
    """The item's PDF page as PNG, its value's box drawn on it (only the checked bytes: E614)."""
    with signed_in(request) as ctx:
        item, state = ctx.item(item_id), ctx.state
    settings = state.settings
    try:
        png = page_png(state.drawer, settings.workspace, item, settings.render_scale)
    except DocumentUnavailable as exc:
        raise WebError(404, str(exc)) from exc
    except DrawingFailed as exc:
        raise WebError(422, str(exc)) from exc
    return Response(png, media_type="image/png")
