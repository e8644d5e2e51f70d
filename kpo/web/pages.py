"""The review flow: claim next, an item with its evidence, and the actions on it.

Actions are HTML forms (POST, CSRF token) that claim, accept, correct, reject or
release through the library; the claim's token stays in the server-side session.
After each form the browser is sent back to a page (post/redirect/get). Pages change
``ctx.session`` (claims, filters, flash) in place; ``signed_in`` saves those changes
to the database when the page is done.
"""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kpo.errors import ConfigError, Errors, KpoError
from kpo.review.model import Decision
from kpo.review.service import ClaimError
from kpo.web.auth import Ctx, signed_in
from kpo.web.evidence import item_evidence
from kpo.web.forms import parse_box, parse_page
from kpo.web.queue_page import to_item_filter
from kpo.web.render import page, redirect

router = APIRouter()
Csrf = Annotated[str | None, Form(alias="csrf_token")]


@router.post("/clients/{client}/next")
def claim_next(
    request: Request, client: str, csrf: Csrf = None, release: Annotated[int | None, Form()] = None
) -> Response:
    """Claim the next open item under the queue's filters (giving back ``release`` after)."""
    with signed_in(request, csrf, post=True) as ctx:
        ctx.client(client)
        ctx.require_decider()
        filters = ctx.session.filters.get(client, {})
        claim = ctx.service.claim_next(ctx.user.name, to_item_filter(client, filters))
        if release is not None:
            _release_quietly(ctx, release)
        if claim is None:
            return redirect(f"/clients/{client}", ctx.session, "Nothing left to review here.")
        ctx.session.claims[claim.item.item_id] = claim.token
        return redirect(f"/items/{claim.item.item_id}")


def _release_quietly(ctx: Ctx, item_id: int) -> None:
    token = ctx.session.claims.pop(item_id, None)
    if token is not None:
        with contextlib.suppress(KpoError):  # decided, expired or taken over
            ctx.service.release(item_id, ctx.user.name, token)


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: int) -> Response:
    """One item: the page image with the box, the value, confidence, reason, text, actions.

    The document is checked (and its text read when needed) outside the database
    context, so a slow document holds no database connection.
    """
    with signed_in(request) as ctx:
        item, state = ctx.item(item_id), ctx.state
    settings = state.settings
    evidence = item_evidence(state.drawer, settings.workspace, item, settings.render_scale)
    with signed_in(request) as ctx:
        item = ctx.item(item_id)
        held = (
            item.status == "claimed"
            and item.claimed_by == ctx.user.name
            and item_id in ctx.session.claims
        )
        return page(
            "item.html",
            ctx.session,
            user=ctx.user,
            item=item,
            held=held,
            lines=evidence.lines,
            problem=evidence.problem,
            history=ctx.service.history(item_id),
            can_decide=ctx.user.can_decide,
            scale=evidence.scale,
        )


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


def _act(request: Request, item_id: int, csrf: str | None, decision: Decision | None) -> Response:
    """Decide (or, with no decision, release) an item the session holds."""
    with signed_in(request, csrf, post=True) as ctx:
        ctx.item(item_id)
        ctx.require_decider()
        token = ctx.session.claims.get(item_id)
        if token is None:
            return redirect(f"/items/{item_id}", ctx.session, Errors.E613.format(item_id=item_id))
        try:
            if decision is None:
                ctx.service.release(item_id, ctx.user.name, token)
            else:
                ctx.service.decide(item_id, ctx.user.name, token, decision)
        except KpoError as exc:
            if isinstance(exc, ClaimError):  # the claim is gone; an incomplete form keeps it
                ctx.session.claims.pop(item_id, None)
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        ctx.session.claims.pop(item_id, None)
        done = "released" if decision is None else f"{decision.action} saved"
        return redirect(
            f"/items/{item_id}", ctx.session, f"Item {item_id}: {done}. Press n for the next item."
        )


@router.post("/items/{item_id}/accept")
def accept(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    return _act(request, item_id, csrf, Decision("accept"))


@router.post("/items/{item_id}/correct")
def correct(
    request: Request,
    item_id: int,
    csrf: Csrf = None,
    value: Annotated[str, Form()] = "",
    box: Annotated[str, Form()] = "",
    page_number: Annotated[str, Form(alias="page")] = "",
) -> Response:
    """A new value, with the box the reviewer drew (``x0,top,x1,bottom``, PDF points) if any."""
    try:
        drawn = parse_box(box)
        on_page = parse_page(page_number) if drawn is not None else None
    except ConfigError as exc:
        with signed_in(request, csrf, post=True) as ctx:
            ctx.item(item_id)
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
    decision = Decision("correct", value=value.strip(), box=drawn, page_number=on_page)
    return _act(request, item_id, csrf, decision)


@router.post("/items/{item_id}/reject")
def reject(
    request: Request, item_id: int, csrf: Csrf = None, reason: Annotated[str, Form()] = ""
) -> Response:
    return _act(request, item_id, csrf, Decision("reject", reason=reason.strip()))


@router.post("/items/{item_id}/release")
def release(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    return _act(request, item_id, csrf, None)
