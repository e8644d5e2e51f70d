"""The item page as a page: an item with its evidence, its state for this session (held,
lease left, a decision that may be undone) and, after a refused value, what was typed.

The document is checked (and its text read when needed) outside the database context,
so a slow document holds no database connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kpo.records import DOC_TYPES
from kpo.web.auth import Ctx, signed_in
from kpo.web.evidence import item_evidence
from kpo.web.flow import lease_left, undoable
from kpo.web.render import page


@dataclass(frozen=True, slots=True)
class Refusal:
    """A value the page refused: the action whose form it came from, what was typed, why."""

    action: str  # "correct", "reject", "reclassify" or "absent"
    typed: str
    message: str


def render_item(
    request: Request, item_id: int, *, done: int | None = None, refused: Refusal | None = None
) -> Response:
    """The item page; with ``refused`` (status 422) the typed value and the message beside it.

    ``done`` names the item decided just before: the page offers to undo it.
    """
    with signed_in(request) as ctx:
        item, state = ctx.item(item_id), ctx.state
    settings = state.settings
    evidence = item_evidence(state.drawer, settings.workspace, item, settings.render_scale)
    with signed_in(request) as ctx:
        return page(
            "item.html",
            ctx.session,
            http_status=422 if refused else 200,
            lines=evidence.lines,
            problem=evidence.problem,
            scale=evidence.scale,
            refused=refused,
            **item_state(ctx, item_id, done),
        )


def item_state(ctx: Ctx, item_id: int, done: int | None) -> dict[str, Any]:
    """What item.html shows of the item's state: held, the lease, what may be undone."""
    item = ctx.item(item_id)
    left = lease_left(ctx, item)
    mine = item.decision is None and item_id in ctx.session.claims
    return {
        "user": ctx.user,
        "item": item,
        "held": left is not None and left > 0,
        "lost": mine and not left,  # this session's lease ended, or was taken over
        "lease_left": left,
        "lease_s": ctx.state.settings.lease_s,
        "undo": undoable(ctx, done if done != item_id else None) or undoable(ctx, item_id),
        "history": ctx.service.history(item_id),
        "can_decide": ctx.user.can_decide,
        "doc_types": DOC_TYPES,
    }
