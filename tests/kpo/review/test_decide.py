"""Typed decisions through the service (SQLite and PostgreSQL): what is stored, what refused."""

from __future__ import annotations

import pytest

from kpo.errors import ConfigError
from kpo.records import Box, ReviewItem
from kpo.review.model import Claim, Decision, ItemFilter
from kpo.review.service import ClaimError, ReviewService


def _fill(review: ReviewService) -> dict[str, Claim]:
    items = [
        ReviewItem("d1", "low_type_probability", "contract", None, "contract", 0.5, 0.6),
        ReviewItem("d1", "low_confidence", "contract", "agreement_date", "1/2/2024", 0.4, 0.7, 1,
                   Box(10, 20, 30, 40)),
        ReviewItem("d1", "missing_required", "contract", "parties"),
    ]  # fmt: skip
    review.add_batch("acme", "b1", [("/in/d1.pdf", i) for i in items])
    claims = [review.claim_next("ann") for _ in items]
    assert all(claims)
    return {c.item.field or "doc_type": c for c in claims if c}


def test_a_correction_is_stored_as_the_normalised_value(review: ReviewService) -> None:
    date = _fill(review)["agreement_date"]
    done = review.decide(date.item.item_id, "ann", date.token,
                         Decision("correct", value="31 March 2024"))  # fmt: skip
    assert done.decision and done.decision.decision.value == "2024-03-31"
    [entry] = [e for e in review.history(date.item.item_id) if e.action == "correct"]
    assert entry.before["value"] == "1/2/2024" and entry.after["value"] == "2024-03-31"


def test_a_malformed_value_or_a_typed_document_type_is_never_stored(review: ReviewService) -> None:
    claims = _fill(review)
    date, doc = claims["agreement_date"], claims["doc_type"]
    with pytest.raises(ConfigError, match=r"^E512 .*type a date such as 2024-03-31"):
        review.decide(date.item.item_id, "ann", date.token, Decision("correct", value="soon"))
    with pytest.raises(ConfigError, match=r"^E511 "):
        review.decide(doc.item.item_id, "ann", doc.token, Decision("correct", value="Invoice"))
    with pytest.raises(ConfigError, match=r"^E505 .*not one of"):
        review.decide(doc.item.item_id, "ann", doc.token,
                      Decision("reclassify", doc_type="invoice"))  # type: ignore[arg-type]  # fmt: skip
    assert [i.decision for i in review.list_items()] == [None, None, None]
    assert {e.action for e in review.audit_log()} == {"claim"}
    reclassify = Decision("reclassify", doc_type="claim")
    kept = review.decide(doc.item.item_id, "ann", doc.token, reclassify)
    assert kept.decision and kept.decision.decision.doc_type == "claim"


def test_absent_is_stored_with_no_value_and_audited(review: ReviewService) -> None:
    parties = _fill(review)["parties"]
    done = review.decide(parties.item.item_id, "ann", parties.token,
                         Decision("absent", value="ignored", box=Box(1, 2, 3, 4)))  # fmt: skip
    assert done.status == "done" and done.decision
    assert done.decision.decision == Decision("absent")
    entry = review.history(parties.item.item_id)[-1]
    assert entry.action == "absent" and entry.after["value"] is None
    assert review.stats("acme").by_action == {"absent": 1}


def test_the_decider_keeps_the_lease_and_nobody_sees_the_item_open(
    review: ReviewService,
) -> None:
    date = _fill(review)["agreement_date"]
    review.decide(date.item.item_id, "ann", date.token, Decision("accept"))
    assert review.store.lease(date.item.item_id) == (date.token, "ann", date.expires_at)
    assert review.show(date.item.item_id).status == "done"
    assert date.item.item_id not in {
        i.item_id for i in review.list_items(ItemFilter(status="open"))
    }
    with pytest.raises(ClaimError, match=r"^E504 "):
        review.claim(date.item.item_id, "bob")
    with pytest.raises(ClaimError, match=r"^E504 "):
        review.renew(date.item.item_id, "ann", date.token)
    assert review.claim_next("bob") is None  # the other two are still ann's
