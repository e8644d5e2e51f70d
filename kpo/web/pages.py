"""The review pages: a client's queue with filters, an item with its evidence, and the actions.

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

from kpo.errors import Errors, KpoError
from kpo.records import DOC_TYPES
from kpo.review.model import ITEM_STATUSES, Decision, ItemFilter
from kpo.review.service import ClaimError
from kpo.web.auth import Ctx, WebError, signed_in
from kpo.web.evidence import item_evidence, page_png
from kpo.web.render import page, redirect
from kpo.web.render_sandbox import DocumentUnavailable, DrawingFailed

router = APIRouter()
Csrf = Annotated[str | None, Form(alias="csrf_token")]
FILTER_KEYS = ("status", "reason", "doc_type", "batch")


def read_filters(request: Request) -> dict[str, str]:
    """The queue filters of the query string, with unknown values dropped."""
    query = request.query_params
    found = {k: query.get(k, "").strip() for k in FILTER_KEYS}
    if found["status"] not in (*ITEM_STATUSES, "all"):
        found["status"] = "open"
    if found["doc_type"] not in DOC_TYPES:
        found["doc_type"] = ""
    return found


def to_item_filter(client: str, f: dict[str, str], limit: int = 100, offset: int = 0) -> ItemFilter:
    status = None if f.get("status", "open") == "all" else f.get("status", "open")
    return ItemFilter(
        client,
        f.get("batch") or None,
        status or None,  # type: ignore[arg-type]
        f.get("reason") or None,
        f.get("doc_type") or None,
        limit=limit,
        offset=offset,
    )


@router.get("/")
def index(request: Request) -> Response:
    """The clients this user may see, with their open, claimed and done counts."""
    with signed_in(request) as ctx:
        rows = [(c, ctx.service.counts(c)) for c in ctx.clients()]
        return page("index.html", ctx.session, user=ctx.user, rows=rows)


@router.get("/clients/{client}")
def queue(request: Request, client: str, offset: int = 0) -> Response:
    """A client's items, filtered by status, reason, document type and batch."""
    with signed_in(request) as ctx:
        ctx.client(client)
        filters = read_filters(request)
        ctx.session.filters[client] = filters
        size = ctx.state.settings.page_size
        flt = to_item_filter(client, filters, size + 1, max(offset, 0))
        items = ctx.service.list_items(flt)
        counts = ctx.service.counts(client)
        return page(
            "queue.html",
            ctx.session,
            user=ctx.user,
            client=client,
            items=items[:size],
            more=len(items) > size,
            offset=max(offset, 0),
            size=size,
            filters=filters,
            counts=counts,
            reasons=sorted(counts.by_reason),
            doc_types=DOC_TYPES,
            batches=ctx.service.store.batches(client),
            statuses=ITEM_STATUSES,
        )


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
    request: Request, item_id: int, csrf: Csrf = None, value: Annotated[str, Form()] = ""
) -> Response:
    return _act(request, item_id, csrf, Decision("correct", value=value.strip()))


@router.post("/items/{item_id}/reject")
def reject(
    request: Request, item_id: int, csrf: Csrf = None, reason: Annotated[str, Form()] = ""
) -> Response:
    return _act(request, item_id, csrf, Decision("reject", reason=reason.strip()))


@router.post("/items/{item_id}/release")
def release(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    return _act(request, item_id, csrf, None)
