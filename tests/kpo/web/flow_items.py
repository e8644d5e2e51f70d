"""Helpers of the item-flow tests: a queue of a few chosen items (a date field, a missing
value, a document type) of the sample's documents, so each test knows what it reviews."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kpo.records import ReviewItem
from kpo.review.model import Decision

FLOW_BATCH = "flow"


def chosen_items(web_env: Any, *fields: str | None, value: str | None = "x") -> list[int]:
    """Replace acme's queue with one new item per entry of ``fields`` (None: the document's
    type), on the sample's first document, proposing ``value``; their ids in that order.

    The sample's own acme items are decided (rejected by "root") so that next and
    auto-advance see only these.
    """
    with web_env.service() as service:
        sample = [i for i in service.list_items() if i.client == "acme"]
        for item in sample:
            claim = service.claim(item.item_id, "root")
            service.decide(item.item_id, "root", claim.token, Decision("reject", reason="aside"))
        first = sample[0]
        base = ReviewItem(first.doc_id, "low_confidence", first.doc_type, None, None, 0.4, 0.7,
                          first.page_number or 1, first.box)  # type: ignore[arg-type]  # fmt: skip
        made = [replace(base, field=f, value=value if f else first.doc_type) for f in fields]
        service.add_batch("acme", FLOW_BATCH, [(first.path, item) for item in made])
        return [i.item_id for i in service.list_items() if i.batch_id == FLOW_BATCH]


def decision_of(web_env: Any, item_id: int) -> Any:
    with web_env.service() as service:
        return service.show(item_id).decision


def item_of(web_env: Any, item_id: int) -> Any:
    with web_env.service() as service:
        return service.show(item_id)
