"""The item page's flow between items: what a decision is called, the next item after it,
the decision that may still be undone, and the lease left on a held item.

After a decision the reviewer keeps the item's lease (same token) so that they can undo
it; the session keeps that token only for its last decision. The next page's address
names the item decided (``?done=42``), so its status line can offer to undo it.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass

from starlette.responses import Response

from kpo.errors import KpoError
from kpo.review.model import Action, QueueItem
from kpo.web.auth import Ctx
from kpo.web.queue_page import to_item_filter
from kpo.web.render import redirect

DONE_WORDS: dict[Action, str] = {
    "accept": "accepted",
    "correct": "corrected",
    "reject": "rejected",
    "reclassify": "reclassified",
    "absent": "marked not in the document",
}


@dataclass(frozen=True, slots=True)
class Undoable:
    """A decision of this session that its reviewer may still undo (the lease runs)."""

    item_id: int
    action: str  # in words: "accepted", "marked not in the document"


def advance(ctx: Ctx, client: str, message: str, done: int | None = None) -> Response:
    """Claim the next item under the queue's filters and show it; back to the queue if none.

    ``message`` (a sentence) goes to the next page's status line; ``done`` (the item just
    decided) lets that page offer to undo it: "Item 42 accepted · u to undo.". The queue
    page has no undo key: there, the decided item's own page offers it.
    """
    filters = ctx.session.filters.get(client, {})
    claim = ctx.service.claim_next(ctx.user.name, to_item_filter(client, filters))
    if claim is None:
        last = (
            f"{message}. Nothing left to review here."
            if message
            else "Nothing left to review here."
        )
        return redirect(f"/clients/{client}", ctx.session, last)
    ctx.session.claims[claim.item.item_id] = claim.token
    if done is None:
        return redirect(f"/items/{claim.item.item_id}", ctx.session, message and f"{message}.")
    return redirect(
        f"/items/{claim.item.item_id}?done={done}", ctx.session, f"{message} · u to undo."
    )


def forget_decided(ctx: Ctx, keep: int) -> None:
    """Drop the tokens of this session's earlier decisions: only the last one is undone."""
    for item_id in [i for i in ctx.session.claims if i != keep]:
        with contextlib.suppress(KpoError):
            if ctx.service.show(item_id).decision is not None:
                ctx.session.claims.pop(item_id, None)


def release_quietly(ctx: Ctx, item_id: int) -> None:
    """Give back an undecided item the session holds (nothing if decided, expired or taken)."""
    token = ctx.session.claims.get(item_id)
    if token is None:
        return
    with contextlib.suppress(KpoError):
        if ctx.service.show(item_id).decision is None:
            ctx.session.claims.pop(item_id, None)
            ctx.service.release(item_id, ctx.user.name, token)


def undoable(ctx: Ctx, item_id: int | None) -> Undoable | None:
    """``item_id``'s decision if it is this user's, made under the claim whose token this
    session holds, and its lease still runs; else None."""
    token = ctx.session.claims.get(item_id) if item_id is not None else None
    if item_id is None or token is None:
        return None
    try:
        item = ctx.service.show(item_id)
    except KpoError:
        return None
    current, holder, until = ctx.service.store.lease(item_id)
    d = item.decision
    if d is None or d.reviewer != ctx.user.name or holder != ctx.user.name:
        return None
    if current is None or not secrets.compare_digest(current, token):
        return None
    if until is None or until <= ctx.service.clock():
        return None
    return Undoable(item_id, DONE_WORDS.get(d.decision.action, d.decision.action))


def lease_left(ctx: Ctx, item: QueueItem) -> float | None:
    """Seconds left on this session's lease of an undecided item it holds, else None."""
    if item.decision is not None or item.item_id not in ctx.session.claims:
        return None
    if item.claimed_by != ctx.user.name or item.lease_until is None:
        return None
    return max(item.lease_until - ctx.service.clock(), 0.0)
