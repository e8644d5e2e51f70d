"""The queue as a work list: a client's items with filters, search and sort, grouped by
document on request; one document's items in one view; bulk accept; the reviewer's progress.

The queue's filters (status, reason, type, batch, search, sort, order) are kept in the
session per client: ``n`` (claim next) takes the next item under them, in their order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kpo.errors import Errors
from kpo.records import DOC_TYPES
from kpo.review.model import ITEM_STATUSES, SORT_KEYS, ItemFilter, QueueItem
from kpo.review.progress import progress_text
from kpo.web.auth import Ctx, WebError, signed_in
from kpo.web.evidence import page_sizes
from kpo.web.render import page
from kpo.web.viewer import cached

router = APIRouter()
FILTER_KEYS = ("status", "reason", "doc_type", "batch", "q", "sort", "order", "group")
MAX_SEARCH = 200  # characters of a search
MAX_BULK = 500  # items one bulk accept may name
DOCUMENT_ITEMS = 500  # items one document's page lists at most
Csrf = Annotated[str | None, Form(alias="csrf_token")]


def read_filters(request: Request) -> dict[str, str]:
    """The queue filters of the query string, with unknown values dropped."""
    query = request.query_params
    found = {k: query.get(k, "").strip() for k in FILTER_KEYS}
    if found["status"] not in (*ITEM_STATUSES, "all"):
        found["status"] = "open"
    if found["doc_type"] not in DOC_TYPES:
        found["doc_type"] = ""
    found["q"] = found["q"][:MAX_SEARCH]
    if found["sort"] not in SORT_KEYS:
        found["sort"] = ""
    if found["order"] != "desc":
        found["order"] = ""
    if found["group"] != "document":
        found["group"] = ""
    return found


def to_item_filter(client: str, f: dict[str, str], limit: int = 100, offset: int = 0) -> ItemFilter:
    """The ``ItemFilter`` of the queue's filters (by document: the items of a file together)."""
    status = None if f.get("status", "open") == "all" else f.get("status", "open")
    sort = f.get("sort") or ("path" if f.get("group") == "document" else "item_id")
    return ItemFilter(
        client,
        f.get("batch") or None,
        status or None,  # type: ignore[arg-type]
        f.get("reason") or None,
        f.get("doc_type") or None,
        limit=limit,
        offset=offset,
        search=f.get("q") or None,
        sort=sort if sort in SORT_KEYS else "item_id",
        descending=f.get("order") == "desc",
    )


def can_bulk_accept(item: QueueItem) -> bool:
    """Whether bulk accept may take the item: open, with a proposed value."""
    return item.status == "open" and item.value is not None


@router.get("/")
def index(request: Request) -> Response:
    """The clients this user may see, with their open, claimed and done counts."""
    with signed_in(request) as ctx:
        rows = [(c, ctx.service.counts(c)) for c in ctx.clients()]
        return page("index.html", ctx.session, user=ctx.user, rows=rows)


def _progress(ctx: Ctx, client: str) -> str:
    return progress_text(ctx.service.progress(client, ctx.user.name), ctx.service.clock())


@router.get("/clients/{client}")
def queue(request: Request, client: str, offset: int = 0) -> Response:
    """A client's items: filtered, searched, sorted, grouped by document on request."""
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
            progress=_progress(ctx, client),
            reasons=sorted(counts.by_reason),
            doc_types=DOC_TYPES,
            batches=ctx.service.store.batches(client),
            statuses=ITEM_STATUSES,
            sort_keys=SORT_KEYS,
            selectable=can_bulk_accept,
        )


def _document_items(ctx: Ctx, client: str, doc_id: str) -> list[QueueItem]:
    """The client's items of one document, every status; 404 when it has none."""
    ctx.client(client)
    flt = ItemFilter(client, doc_id=doc_id, limit=DOCUMENT_ITEMS, sort="path")
    items = ctx.service.list_items(flt)
    if not items:
        raise WebError(404, Errors.E608)
    return sorted(items, key=lambda i: (i.page_number or 0, i.box.top if i.box else 0, i.item_id))


@router.get("/clients/{client}/documents/{doc_id}")
def document(request: Request, client: str, doc_id: str) -> Response:
    """All the items of one document in one view: its pages with their boxes, and their values."""
    with signed_in(request) as ctx:
        items = _document_items(ctx, client, doc_id)
        state = ctx.state
    first = next((i for i in items if i.box is not None), items[0])
    problem = None
    try:  # the document is checked outside the database context (it may be slow)
        cached(request, state, first, ("sizes",), page_sizes)
    except WebError as exc:
        problem = exc.message
    with signed_in(request) as ctx:
        items = _document_items(ctx, client, doc_id)
        return page(
            "document.html",
            ctx.session,
            user=ctx.user,
            client=client,
            item=first,
            items=items,
            viewer_items=items,
            problem=problem,
            scale=state.settings.render_scale,
            progress=_progress(ctx, client),
            selectable=can_bulk_accept,
        )


@router.post("/clients/{client}/accept")
def bulk_accept(
    request: Request,
    client: str,
    csrf: Csrf = None,
    item: Annotated[list[int] | None, Form()] = None,
    back: Annotated[str, Form()] = "",
) -> Response:
    """Accept the chosen items (each claimed and accepted on its own); a result for each."""
    with signed_in(request, csrf, post=True) as ctx:
        ctx.client(client)
        ctx.require_decider()
        chosen = list(dict.fromkeys(item or []))[:MAX_BULK]
        results = ctx.service.bulk_accept(chosen, ctx.user.name, client) if chosen else []
        local = back.startswith(f"/clients/{client}") and "//" not in back and "\\" not in back
        back = back if local else f"/clients/{client}"
        return page(
            "bulk.html",
            ctx.session,
            user=ctx.user,
            client=client,
            results=results,
            accepted=sum(r.ok for r in results),
            back=back,
            progress=_progress(ctx, client),
        )
