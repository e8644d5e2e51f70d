"""The queue as a work list, on SQLite and PostgreSQL: search, sort, a document's items,
bulk accept and a reviewer's progress."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kpo.errors import ConfigError
from kpo.records import ReviewItem
from kpo.review.model import SORT_KEYS, Decision, ItemFilter
from kpo.review.service import ReviewService


def _item(doc: str, field: str | None, value: str | None, conf: float | None) -> ReviewItem:
    return ReviewItem(doc, "low_confidence", "contract", field, value, conf, 0.7)  # type: ignore[arg-type]


@pytest.fixture
def filled(review: ReviewService) -> ReviewService:
    review.add_batch("acme", "b1", [
        ("/in/Beta_Lease.pdf", _item("d1", "governing_law", "New York", 0.5)),
        ("/in/Beta_Lease.pdf", _item("d1", "term", "2 years", 0.2)),
        ("/in/alpha.pdf", _item("d2", "parties", "Pine_Tree 100% LLC", None)),
        ("/in/alpha.pdf", _item("d2", "agreement_date", None, None)),
    ])  # fmt: skip
    review.add_batch("globex", "b1", [("/in/beta.pdf", _item("g1", "term", "1 year", 0.1))])
    return review


def _values(review: ReviewService, **kw: Any) -> list[str | None]:
    return [i.value for i in review.list_items(ItemFilter(client="acme", **kw))]


def test_search_is_a_case_insensitive_part_of_path_field_or_value(filled: ReviewService) -> None:
    assert _values(filled, search="beta") == ["New York", "2 years"]  # the path
    assert _values(filled, search="AGREEMENT") == [None]  # the field
    assert _values(filled, search="york") == ["New York"]  # the value
    assert _values(filled, search="100%") == ["Pine_Tree 100% LLC"]  # % is not a wildcard
    assert _values(filled, search="e_t") == ["Pine_Tree 100% LLC"]  # nor is _
    assert _values(filled, search="%") == ["Pine_Tree 100% LLC"]
    assert _values(filled, search="  ") == _values(filled)


def test_sort_by_any_key_either_way_with_empty_values_last(filled: ReviewService) -> None:
    assert _values(filled, sort="confidence") == ["2 years", "New York", "Pine_Tree 100% LLC",
                                                  None]  # fmt: skip
    assert _values(filled, sort="confidence", descending=True) == [
        "New York", "2 years", "Pine_Tree 100% LLC", None]  # fmt: skip
    assert _values(filled, sort="path") == ["Pine_Tree 100% LLC", None, "New York", "2 years"]
    assert _values(filled, sort="item_id", descending=True) == [None, "Pine_Tree 100% LLC",
                                                                "2 years", "New York"]  # fmt: skip
    for key in SORT_KEYS:
        assert len(_values(filled, sort=key)) == 4


def test_an_unknown_sort_key_is_refused_before_any_sql() -> None:
    with pytest.raises(ConfigError, match=r"^E514 Unknown sort key 'value; DROP TABLE items'"):
        ItemFilter(sort="value; DROP TABLE items")


def test_a_document_s_items_and_claim_next_in_the_filter_s_order(filled: ReviewService) -> None:
    assert _values(filled, doc_id="d2") == ["Pine_Tree 100% LLC", None]
    claim = filled.claim_next("ann", ItemFilter(client="acme", sort="confidence"))
    assert claim and claim.item.value == "2 years"
    claim = filled.claim_next("ann", ItemFilter(client="acme", doc_id="d2"))
    assert claim and claim.item.value == "Pine_Tree 100% LLC"


def test_bulk_accept_accepts_what_it_can_and_says_why_not_for_the_rest(
    filled: ReviewService,
) -> None:
    ids = {i.value: i.item_id for i in filled.list_items()}
    held = filled.claim(ids["2 years"], "bob")
    assert held
    chosen = [ids["New York"], ids["2 years"], ids[None], ids["1 year"], 999_999]
    results = filled.bulk_accept(chosen, "ann", "acme")
    assert [r.item_id for r in results] == chosen
    assert [r.ok for r in results] == [True, False, False, False, False]
    assert [r.message[:4] for r in results[1:]] == ["E502", "E505", "E501", "E501"]
    assert "no proposed value" in results[2].message
    done = filled.show(ids["New York"])
    assert done.decision and (done.decision.reviewer, done.decision.decision.action) == (
        "ann", "accept")  # fmt: skip
    assert [e.action for e in filled.history(ids["New York"])] == ["claim", "accept"]
    assert filled.history(ids[None]) == []  # a refused item is left as it was: not even claimed
    again = filled.bulk_accept([ids["New York"]], "ann", "acme")
    assert not again[0].ok and again[0].message.startswith("E504")


def test_progress_counts_my_decisions_today_and_the_queue_left(
    filled: ReviewService, clock: Any
) -> None:
    midnight = clock.now - clock.now % 86400
    clock.advance(midnight + 86400 - 10 - clock.now)  # 10 s before the next midnight (UTC)
    first = filled.claim_next("ann", ItemFilter(client="acme"))
    assert first
    filled.decide(first.item.item_id, "ann", first.token, Decision("accept"))
    clock.advance(20)  # a new day
    second = filled.claim_next("ann", ItemFilter(client="acme"))
    third = filled.claim_next("ann", ItemFilter(client="acme"))
    assert second and third
    filled.decide(second.item.item_id, "ann", second.token, Decision("reject", reason="no"))
    filled.decide(third.item.item_id, "ann", third.token, Decision("accept"))
    filled.undo(third.item.item_id, "ann", third.token)  # an undone decision does not count
    mine = filled.progress("acme", "ann")
    assert (mine.decided_today, mine.decided_total) == (1, 2)
    assert (mine.open, mine.claimed, mine.done) == (1, 1, 2)
    queued = datetime.fromisoformat(filled.list_items()[0].created_at).timestamp()
    assert mine.oldest_open_at == queued
    assert mine.to_dict()["oldest_open_at"] == datetime.fromtimestamp(queued, UTC).isoformat()
    assert filled.progress("globex", "ann").decided_total == 0
    nobody = filled.progress("globex", "bob")
    assert (nobody.open, nobody.done, nobody.decided_today) == (1, 0, 0)
