"""The item page's routes: the page, the typed value's normalised form, claim and next.

Actions are HTML forms (POST, CSRF token) through the library; the claim's token stays
in the server-side session. After each form the browser is sent on to a page
(post/redirect/get), except a refused value, which the page shows again with what was
typed and the message beside it (kpo/web/item_view.py). Pages change ``ctx.session``
(claims, filters, flash) in place; ``signed_in`` saves those changes to the database
when the page is done. The decisions, skip, undo and renewal are in kpo/web/decisions.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import JSONResponse, Response

from kpo.errors import ConfigError, KpoError
from kpo.review.answers import parse_answer
from kpo.web import decisions
from kpo.web.auth import signed_in
from kpo.web.flow import advance, release_quietly
from kpo.web.item_view import render_item
from kpo.web.render import redirect

router = APIRouter()
router.include_router(decisions.router)
Csrf = Annotated[str | None, Form(alias="csrf_token")]


@router.post("/clients/{client}/next")
def claim_next(
    request: Request, client: str, csrf: Csrf = None, release: Annotated[int | None, Form()] = None
) -> Response:
    """Claim the next open item under the queue's filters (giving back ``release`` after)."""
    with signed_in(request, csrf, post=True) as ctx:
        ctx.client(client)
        ctx.require_decider()
        response = advance(ctx, client, "")
        if release is not None:
            release_quietly(ctx, release)
        return response


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: int, done: int | None = None) -> Response:
    """One item: its document, the value, confidence, reason, text around it, and actions.

    ``done`` names the item decided just before (its status line offers to undo it).
    """
    return render_item(request, item_id, done=done)


@router.post("/items/{item_id}/answer")
def answer(
    request: Request, item_id: int, csrf: Csrf = None, value: Annotated[str, Form()] = ""
) -> Response:
    """The value a correction would store (``{"value"}``), or why it would be refused
    (``{"error"}``): the page shows it while the reviewer types. A form body, not the
    address: what a reviewer types comes from the document and stays out of access logs."""
    with signed_in(request, csrf, post=True) as ctx:
        item = ctx.item(item_id)
    try:
        return JSONResponse({"value": parse_answer(item, value)})
    except ConfigError as exc:
        return JSONResponse({"error": str(exc)})


@router.post("/items/{item_id}/claim")
def claim(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    with signed_in(request, csrf, post=True) as ctx:
        item = ctx.item(item_id)
        ctx.require_decider()
        try:
            got = ctx.service.claim(item_id, ctx.user.name, item.client)
        except KpoError as exc:
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        ctx.session.claims[item_id] = got.token
        return redirect(f"/items/{item_id}")
