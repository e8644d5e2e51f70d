"""Undo of one's own decision while its lease runs, and skip, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from kpo.records import Box, ReviewItem
from kpo.review.model import Decision, ItemFilter
from kpo.review.service import ClaimError, ReviewService


def _items(n: int) -> list[tuple[str, ReviewItem]]:
    return [
        (f"/in/d{i}.pdf", ReviewItem(f"d{i}", "low_confidence", "claim", "claim_number", f"CL-{i}",
                                     0.2, 0.7, 1, Box(10, 20, 30, 40)))
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def filled(review: ReviewService) -> ReviewService:
    review.add_batch("acme", "b1", _items(3))
    return review


def _live(review: ReviewService) -> int:
    sql = (
        "SELECT COUNT(*) FROM items i JOIN decisions d ON d.item_id = i.item_id "
        "AND d.revision = i.revision"
    )
    return int(review.store.conn.execute(sql)[0][0])


def test_undo_reopens_the_item_as_mine_and_the_audit_keeps_the_undone_decision(
    filled: ReviewService, clock: Any
) -> None:
    claim = filled.claim_next("ann")
    assert claim
    item_id = claim.item.item_id
    filled.decide(item_id, "ann", claim.token, Decision("correct", value="CL-9"))
    clock.advance(60)
    back = filled.undo(item_id, "ann", claim.token)
    assert (back.token, back.expires_at) == (claim.token, claim.expires_at)
    assert back.item.status == "claimed" and back.item.claimed_by == "ann"
    assert back.item.decision is None and back.item.value == "CL-0"
    undo = filled.history(item_id)[-1]
    assert undo.action == "undo" and undo.reviewer == "ann"
    assert undo.before["action"] == "correct" and undo.before["value"] == "CL-9"
    assert undo.after["status"] == "claimed" and undo.after["value"] == "CL-0"
    with pytest.raises(ClaimError, match=r"^E502 "):
        filled.claim(item_id, "bob")
    again = filled.decide(item_id, "ann", claim.token, Decision("reject", reason="smudged"))
    assert again.decision and again.decision.decision.action == "reject"
    assert [e.action for e in filled.history(item_id)] == ["claim", "correct", "undo", "reject"]
    assert _live(filled) == 1  # one live decision; the undone one stays in the table
    assert int(filled.store.conn.execute("SELECT COUNT(*) FROM decisions")[0][0]) == 2
    assert filled.stats("acme").by_action == {"reject": 1}


@pytest.mark.parametrize(
    ("who", "token", "late", "why"),
    [
        ("ann", None, True, "the lease it was decided under ended"),
        ("bob", None, False, "the decision is another reviewer's"),
        ("ann", "not-the-token", False, "the decision was made under another claim"),
    ],
)
def test_undo_is_refused_after_the_lease_to_others_and_to_another_token(
    filled: ReviewService, clock: Any, who: str, token: str | None, late: bool, why: str
) -> None:
    claim = filled.claim_next("ann")
    assert claim
    filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    clock.advance(filled.lease_s + 1 if late else 1)
    with pytest.raises(ClaimError, match=rf"^E513 Nothing to undo on review item \d+: {why}"):
        filled.undo(claim.item.item_id, who, token or claim.token)
    item = filled.show(claim.item.item_id)
    assert item.status == "done" and item.decision and item.decision.reviewer == "ann"


def test_undo_of_an_undecided_item_is_refused(filled: ReviewService) -> None:
    claim = filled.claim_next("ann")
    assert claim
    with pytest.raises(ClaimError, match=r"^E513 .*it has no decision"):
        filled.undo(claim.item.item_id, "ann", claim.token)


def test_a_rerun_batch_keeps_an_undone_item_and_its_history(filled: ReviewService) -> None:
    claim = filled.claim_next("ann")
    assert claim
    filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    filled.undo(claim.item.item_id, "ann", claim.token)
    filled.release(claim.item.item_id, "ann", claim.token)
    assert filled.add_batch("acme", "b1", _items(3)) == 2  # d1 and d2 anew; d0 kept
    kept = [i for i in filled.list_items() if i.doc_id == "d0"]
    assert [i.item_id for i in kept] == [claim.item.item_id] and kept[0].status == "open"


def test_skip_puts_the_item_behind_every_other_in_my_order_only(filled: ReviewService) -> None:
    first = filled.claim_next("ann")
    assert first and first.item.doc_id == "d0"
    assert filled.skip(first.item.item_id, "ann", first.token).status == "open"
    second = filled.claim_next("ann")
    assert second and second.item.doc_id == "d1"  # not d0 again (42 -> 43 -> 42)
    filled.skip(second.item.item_id, "ann", second.token)
    bob = filled.claim_next("bob")
    assert bob and bob.item.doc_id == "d0"  # bob's order is his own
    filled.release(bob.item.item_id, "bob", bob.token)
    order = []
    while claim := filled.claim_next("ann"):
        order.append(claim.item.doc_id)
        filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    assert order == ["d2", "d0", "d1"]  # the skipped last, the one skipped longest ago first
    skip = [e for e in filled.history(first.item.item_id) if e.action == "skip"]
    assert skip and skip[0].before["status"] == "claimed" and skip[0].after["status"] == "open"


def test_skipping_again_moves_the_item_back_and_skip_needs_the_token(
    filled: ReviewService, clock: Any
) -> None:
    order = []
    for _ in range(4):
        claim = filled.claim_next("ann", ItemFilter(client="acme"))
        assert claim
        order.append(claim.item.doc_id)
        with pytest.raises(ClaimError, match=r"^E503 "):
            filled.skip(claim.item.item_id, "ann", "not-the-token")
        clock.advance(1)
        filled.skip(claim.item.item_id, "ann", claim.token)
    assert order == ["d0", "d1", "d2", "d0"]


def test_the_undo_write_checks_the_item_state_itself(filled: ReviewService, clock: Any) -> None:
    decided, held = filled.claim_next("ann"), filled.claim_next("ann")
    assert decided and held
    filled.decide(decided.item.item_id, "ann", decided.token, Decision("accept"))
    store, done, now = filled.store, decided.item.item_id, clock.now
    with store.transaction():
        assert not store.undo_decision(done, "ann", decided.token, decided.expires_at + 1)
        assert not store.undo_decision(done, "bob", decided.token, now)
        assert not store.undo_decision(done, "ann", "not-the-token", now)
        assert not store.undo_decision(held.item.item_id, "ann", held.token, now)  # undecided
    assert filled.show(done).status == "done" and filled.show(held.item.item_id).decision is None
    with store.transaction():
        assert store.undo_decision(done, "ann", decided.token, decided.expires_at)
    assert filled.show(done).decision is None
