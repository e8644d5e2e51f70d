"""The queue page: a client's items with filters, and the filters that ``n`` (claim next) uses."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from kpo.records import DOC_TYPES
from kpo.review.model import ITEM_STATUSES, ItemFilter
from kpo.web.auth import signed_in
from kpo.web.render import page

router = APIRouter()
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
