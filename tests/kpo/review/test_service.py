"""Queue semantics, run against SQLite and a real PostgreSQL server (the ``review`` fixture)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from kpo.errors import ConfigError, WorkspaceError
from kpo.records import Box, ReviewItem
from kpo.review.model import Decision, ItemFilter
from kpo.review.queue import open_review
from kpo.review.service import ClaimError, ReviewService
from kpo.review.store import SCHEMA_VERSION


def _items(
    n: int, doc: str = "doc", reason: str = "low_confidence"
) -> list[tuple[str, ReviewItem]]:
    return [
        (f"/in/{doc}{i}.pdf", ReviewItem(f"{doc}{i}", reason, "claim", "claim_number",  # type: ignore[arg-type]
                                         f"CL-{i}", 0.2, 0.7, 1, Box(10, 20, 30, 40)))
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def filled(review: ReviewService) -> ReviewService:
    review.add_batch("acme", "b1", _items(3))
    review.add_batch("globex", "b1", _items(2, "g"))
    return review


def test_two_reviewers_never_get_the_same_item(filled: ReviewService) -> None:
    a = filled.claim_next("ann", ItemFilter(client="acme"))
    b = filled.claim_next("bob", ItemFilter(client="acme"))
    c = filled.claim_next("cy", ItemFilter(client="acme"))
    assert a and b and c
    assert len({a.item.item_id, b.item.item_id, c.item.item_id}) == 3
    assert a.item.status == "claimed" and a.item.claimed_by == "ann"
    assert filled.claim_next("dee", ItemFilter(client="acme")) is None
    assert filled.claim_next("dee", ItemFilter(client="globex")) is not None


def test_claiming_an_item_held_by_someone_else_is_refused(filled: ReviewService) -> None:
    held = filled.claim_next("ann")
    assert held
    with pytest.raises(ClaimError, match=r"E502 .* claimed by ann"):
        filled.claim(held.item.item_id, "bob")


def test_an_expired_lease_returns_the_item_and_a_late_submit_is_refused(
    filled: ReviewService, clock: Any
) -> None:
    first = filled.claim_next("ann", ItemFilter(client="acme"))
    assert first
    clock.advance(filled.lease_s + 1)
    assert filled.show(first.item.item_id).status == "open"
    second = filled.claim_next("bob", ItemFilter(client="acme"))
    assert second and second.item.item_id == first.item.item_id
    with pytest.raises(ClaimError, match=r"E503 .*bob has claimed it since"):
        filled.decide(first.item.item_id, "ann", first.token, Decision("accept"))
    done = filled.decide(second.item.item_id, "bob", second.token, Decision("accept"))
    assert done.status == "done" and done.decision and done.decision.reviewer == "bob"


def test_a_late_submit_is_accepted_when_nobody_took_the_item(
    filled: ReviewService, clock: Any
) -> None:
    claim = filled.claim_next("ann")
    assert claim
    clock.advance(filled.lease_s + 1)
    done = filled.decide(claim.item.item_id, "ann", claim.token, Decision("reject", reason="blur"))
    assert done.status == "done"


def test_renewing_keeps_the_item_past_the_first_lease(filled: ReviewService, clock: Any) -> None:
    claim = filled.claim_next("ann", ItemFilter(client="globex"))
    other = filled.claim_next("ann", ItemFilter(client="globex"))
    assert claim and other
    clock.advance(filled.lease_s * 0.8)
    renewed = filled.renew(claim.item.item_id, "ann", claim.token)
    assert renewed.expires_at == clock.now + filled.lease_s
    clock.advance(filled.lease_s * 0.8)
    got = filled.claim_next("bob", ItemFilter(client="globex"))
    assert got and got.item.item_id == other.item.item_id  # only the unrenewed one came back


def test_release_returns_the_item_and_needs_the_token(filled: ReviewService) -> None:
    claim = filled.claim_next("ann")
    assert claim
    with pytest.raises(ClaimError, match="E503"):
        filled.release(claim.item.item_id, "ann", "not-the-token")
    with pytest.raises(ClaimError, match="E503"):
        filled.release(claim.item.item_id, "bob", claim.token)
    assert filled.release(claim.item.item_id, "ann", claim.token).status == "open"
    again = filled.claim_next("bob")
    assert again and again.item.item_id == claim.item.item_id


def test_each_decision_kind_is_stored(filled: ReviewService) -> None:
    claims = [filled.claim_next("ann", ItemFilter(client="acme")) for _ in range(3)]
    claims.append(filled.claim_next("ann", ItemFilter(client="globex")))
    decisions = [
        Decision("accept"),
        Decision("correct", value="CL-99", box=Box(1, 2, 3, 4)),
        Decision("reject", reason="not a claim number"),
        Decision("reclassify", doc_type="contract"),
    ]
    for claim, decision in zip(claims, decisions, strict=True):
        assert claim
        filled.decide(claim.item.item_id, "ann", claim.token, decision)
    stored = [filled.show(c.item.item_id).decision for c in claims if c]
    assert [d.decision.action for d in stored if d] == ["accept", "correct", "reject", "reclassify"]
    correct = stored[1]
    assert correct and correct.decision.value == "CL-99"
    assert correct.decision.box == Box(1, 2, 3, 4) and correct.decision.page_number == 1
    assert stored[3] and stored[3].decision.doc_type == "contract"


def test_a_decision_is_final(filled: ReviewService) -> None:
    claim = filled.claim_next("ann")
    assert claim
    filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    with pytest.raises(ClaimError, match=r"E504 .*accept by ann"):
        filled.decide(claim.item.item_id, "ann", claim.token, Decision("reject", reason="x"))
    with pytest.raises(ClaimError, match="E504"):
        filled.claim(claim.item.item_id, "bob")
    remaining = {c.item.item_id for c in iter(lambda: filled.claim_next("bob"), None)}
    assert claim.item.item_id not in remaining and len(remaining) == 4


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision("correct", value=" "), "needs a new value"),
        (Decision("reject"), "needs a reason"),
        (Decision("reclassify", doc_type="invoice"), "not one of"),  # type: ignore[arg-type]
    ],
)
def test_an_incomplete_decision_is_refused_and_the_claim_stays(
    filled: ReviewService, decision: Decision, message: str
) -> None:
    claim = filled.claim_next("ann")
    assert claim
    with pytest.raises(ConfigError, match=rf"E505 .*{message}"):
        filled.decide(claim.item.item_id, "ann", claim.token, decision)
    assert filled.show(claim.item.item_id).status == "claimed"


def test_accepting_a_missing_value_is_refused(review: ReviewService) -> None:
    review.add_batch("acme", "b1", [("/a.pdf", ReviewItem("d", "missing_required", "claim", "x"))])
    claim = review.claim_next("ann")
    assert claim
    with pytest.raises(ConfigError, match=r"E505 .*no proposed value"):
        review.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))


def test_every_action_is_in_the_audit_log_with_before_and_after(filled: ReviewService) -> None:
    claim = filled.claim_next("ann")
    assert claim
    item_id = claim.item.item_id
    filled.renew(item_id, "ann", claim.token)
    filled.decide(item_id, "ann", claim.token, Decision("correct", value="CL-7"))
    log = filled.history(item_id)
    assert [(e.action, e.reviewer) for e in log] == [
        ("claim", "ann"), ("renew", "ann"), ("correct", "ann")
    ]  # fmt: skip
    assert log[0].before["status"] == "open" and log[0].after["status"] == "claimed"
    assert log[2].before["value"] == "CL-0" and log[2].after["value"] == "CL-7"
    assert log[2].after["status"] == "done"


@pytest.mark.parametrize("table", ["audit", "decisions"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET reviewer = 'eve'", "DELETE FROM {t}"])
def test_audit_and_decisions_are_append_only(
    filled: ReviewService, table: str, statement: str
) -> None:
    claim = filled.claim_next("ann")
    assert claim
    filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    # the error is the driver's (sqlite3 or psycopg), carrying the trigger's message
    with pytest.raises(Exception, match="E507"), filled.store.transaction():
        filled.store.conn.execute(statement.format(t=table))
    assert filled.history(claim.item.item_id)[-1].reviewer == "ann"


def test_items_are_listed_with_filters_and_hidden_from_other_clients(
    filled: ReviewService,
) -> None:
    claim = filled.claim_next("ann", ItemFilter(client="acme"))
    assert claim
    assert [i.status for i in filled.list_items(ItemFilter(client="acme"))] == [
        "claimed",
        "open",
        "open",
    ]
    assert len(filled.list_items(ItemFilter(client="acme", status="open"))) == 2
    assert [i.item_id for i in filled.list_items(ItemFilter(reviewer="ann"))] == [
        claim.item.item_id
    ]
    assert len(filled.list_items(ItemFilter(limit=2, offset=4))) == 1
    item = filled.show(claim.item.item_id, client="acme")
    assert (item.path, item.page_number, item.box) == ("/in/doc0.pdf", 1, Box(10, 20, 30, 40))
    with pytest.raises(WorkspaceError, match=r"E501 .*not found for client 'globex'"):
        filled.show(claim.item.item_id, client="globex")


def test_stats_count_statuses_reasons_actions_and_reviewer_speed(
    filled: ReviewService, clock: Any
) -> None:
    for _ in range(2):
        claim = filled.claim_next("ann", ItemFilter(client="acme"))
        assert claim
        clock.advance(60)
        filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    filled.claim_next("bob", ItemFilter(client="acme"))
    stats = filled.stats("acme").to_dict()
    assert (stats["open"], stats["claimed"], stats["done"]) == (0, 1, 2)
    assert stats["by_reason"] == {"low_confidence": {"done": 2, "claimed": 1}}
    assert stats["by_action"] == {"accept": 2}
    [ann] = stats["reviewers"]
    assert ann["reviewer"] == "ann" and ann["decided"] == 2 and ann["per_hour"] == 120.0


def test_adding_a_batch_again_keeps_its_decisions(filled: ReviewService) -> None:
    claim = filled.claim_next("ann", ItemFilter(client="acme"))
    assert claim
    filled.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
    assert filled.add_batch("acme", "b1", _items(3)) == 2
    counts = filled.counts("acme", "b1")
    assert counts.total == 3 and counts.by_status == {"done": 1, "open": 2}


def test_concurrent_reviewers_claim_every_item_exactly_once(queue_db: str, tmp_path: Path) -> None:
    with open_review(queue_db, tmp_path) as setup:
        setup.add_batch("acme", "b1", _items(40))
    claimed: list[int] = []

    def work(name: str) -> None:
        with open_review(queue_db, tmp_path) as service:
            while claim := service.claim_next(name):
                service.decide(claim.item.item_id, name, claim.token, Decision("accept"))
                claimed.append(claim.item.item_id)

    threads = [threading.Thread(target=work, args=(f"r{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 40


def test_the_schema_is_versioned_and_a_newer_one_refused(queue_db: str, tmp_path: Path) -> None:
    with open_review(queue_db, tmp_path) as service:
        [(version,)] = service.store.conn.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        )
        assert int(version) == SCHEMA_VERSION
        service.store.conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(WorkspaceError, match="E401"):
        open_review(queue_db, tmp_path)
