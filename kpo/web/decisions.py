"""The item page's actions: the decisions, skip, undo, release and lease renewal.

A decision on an item the session holds goes to the library (``ReviewService.decide``)
and the next item is claimed and shown at once (auto-advance), its status line saying
what was done and that ``u`` undoes it while the lease runs. A value the library
refuses (E505, E511, E512) is shown again on the item page, as typed, beside its input;
nothing is stored. Skip gives the item back behind the others in this reviewer's order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import JSONResponse, Response

from kpo.errors import ConfigError, Errors, KpoError
from kpo.review.answers import parse_box
from kpo.review.model import Decision
from kpo.review.service import ClaimError
from kpo.web.auth import Ctx, signed_in
from kpo.web.flow import DONE_WORDS, advance, forget_decided, release_quietly
from kpo.web.forms import parse_page
from kpo.web.item_view import Refusal, render_item
from kpo.web.render import redirect

router = APIRouter()
Csrf = Annotated[str | None, Form(alias="csrf_token")]
Text = Annotated[str, Form()]


def not_held(ctx: Ctx, item_id: int) -> Response:
    """Back to the item, saying that this session holds no claim on it (E613)."""
    return redirect(f"/items/{item_id}", ctx.session, Errors.E613.format(item_id=item_id))


def _decide(request: Request, item_id: int, csrf: str | None, decision: Decision,
            typed: str = "") -> Response:  # fmt: skip
    """Decide an item the session holds, then show the next item (or the refused value)."""
    with signed_in(request, csrf, post=True) as ctx:
        item = ctx.item(item_id)
        ctx.require_decider()
        token = ctx.session.claims.get(item_id)
        if token is None:
            return not_held(ctx, item_id)
        try:
            ctx.service.decide(item_id, ctx.user.name, token, decision)
        except ClaimError as exc:  # the lease is gone (a token of a decision is kept: undo)
            if item.decision is None:
                ctx.session.claims.pop(item_id, None)
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        except ConfigError as exc:  # shown beside the form it concerns on this item's page
            shown = decision.action if item.field or decision.action == "reject" else "reclassify"
            refused = Refusal(shown, typed if shown == decision.action else "", str(exc))
        else:
            forget_decided(ctx, item_id)
            words = DONE_WORDS[decision.action]
            return advance(ctx, item.client, f"Item {item_id} {words}", item_id)
    return render_item(request, item_id, refused=refused)


@router.post("/items/{item_id}/accept")
def accept(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    return _decide(request, item_id, csrf, Decision("accept"))


@router.post("/items/{item_id}/absent")
def absent(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    """The value is not in the document (stored with no value)."""
    return _decide(request, item_id, csrf, Decision("absent"))


@router.post("/items/{item_id}/correct")
def correct(request: Request, item_id: int, csrf: Csrf = None, value: Text = "", box: Text = "",
            page_number: Annotated[str, Form(alias="page")] = "") -> Response:  # fmt: skip
    """A new value, with the box the reviewer drew (``x0,top,x1,bottom``, PDF points) if any."""
    try:
        drawn = parse_box(box)
        on_page = parse_page(page_number) if drawn is not None else None
    except ConfigError as exc:
        with signed_in(request, csrf, post=True) as ctx:
            ctx.item(item_id)
        return render_item(request, item_id, refused=Refusal("correct", value, str(exc)))
    decision = Decision("correct", value=value, box=drawn, page_number=on_page)
    return _decide(request, item_id, csrf, decision, value)


@router.post("/items/{item_id}/reject")
def reject(request: Request, item_id: int, csrf: Csrf = None, reason: Text = "") -> Response:
    return _decide(request, item_id, csrf, Decision("reject", reason=reason.strip()), reason)


@router.post("/items/{item_id}/reclassify")
def reclassify(request: Request, item_id: int, csrf: Csrf = None, doc_type: Text = "") -> Response:
    """The document is of another known type (kpo.records.DOC_TYPES; any other is refused)."""
    decision = Decision("reclassify", doc_type=doc_type)  # type: ignore[arg-type]
    return _decide(request, item_id, csrf, decision, doc_type)


@router.post("/items/{item_id}/release")
def release(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    """Give the item back to the queue, undecided."""
    with signed_in(request, csrf, post=True) as ctx:
        ctx.item(item_id)
        ctx.require_decider()
        token = ctx.session.claims.pop(item_id, None)
        if token is None:
            return not_held(ctx, item_id)
        try:
            ctx.service.release(item_id, ctx.user.name, token)
        except KpoError as exc:
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        return redirect(f"/items/{item_id}", ctx.session, f"Item {item_id} given back.")


@router.post("/items/{item_id}/skip")
def skip(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    """Give the item back behind every other in this reviewer's order; show the next."""
    with signed_in(request, csrf, post=True) as ctx:
        item = ctx.item(item_id)
        ctx.require_decider()
        token = ctx.session.claims.get(item_id)
        if token is None:
            return not_held(ctx, item_id)
        ctx.session.claims.pop(item_id, None)
        try:
            ctx.service.skip(item_id, ctx.user.name, token)
        except KpoError as exc:
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        return advance(ctx, item.client, f"Item {item_id} skipped: it comes after the others")


@router.post("/items/{item_id}/undo")
def undo(request: Request, item_id: int, csrf: Csrf = None,
         release: Annotated[int | None, Form()] = None) -> Response:  # fmt: skip
    """Undo this session's decision on the item while its lease runs, and show it, held.

    ``release`` gives back the undecided item the page showed (the next one).
    """
    with signed_in(request, csrf, post=True) as ctx:
        ctx.item(item_id)
        ctx.require_decider()
        token = ctx.session.claims.get(item_id)
        if token is None:
            why = "this session made no decision on it that it may still undo"
            message = Errors.E513.format(item_id=item_id, why=why)
            return redirect(f"/items/{item_id}", ctx.session, message)
        try:
            ctx.service.undo(item_id, ctx.user.name, token)
        except KpoError as exc:
            ctx.session.claims.pop(item_id, None)
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        if release is not None and release != item_id:
            release_quietly(ctx, release)
        return redirect(f"/items/{item_id}", ctx.session, f"Item {item_id}: decision undone.")


@router.post("/items/{item_id}/renew")
def renew(request: Request, item_id: int, csrf: Csrf = None) -> Response:
    """Extend the session's lease on the item by a full lease from now.

    Asked for JSON (the page's script): ``{"seconds_left"}``, or ``{"error"}`` with 409;
    else back to the item page with a message.
    """
    wants_json = "application/json" in request.headers.get("accept", "")
    with signed_in(request, csrf, post=True) as ctx:
        ctx.item(item_id)
        ctx.require_decider()
        token = ctx.session.claims.get(item_id)
        try:
            if token is None:
                raise ClaimError(Errors.E613.format(item_id=item_id))
            got = ctx.service.renew(item_id, ctx.user.name, token)
        except KpoError as exc:
            if wants_json:
                return JSONResponse({"error": str(exc)}, status_code=409)
            return redirect(f"/items/{item_id}", ctx.session, str(exc))
        left = got.expires_at - ctx.service.clock()
        if wants_json:
            return JSONResponse({"seconds_left": left})
        return redirect(f"/items/{item_id}", ctx.session, f"Item {item_id}: lease renewed.")
