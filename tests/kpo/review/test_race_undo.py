"""Undo racing other reviewers' claims, on SQLite and on a real PostgreSQL server.

A decided item keeps its reviewer's lease so that they can undo it; once that lease
ran out the decision is final and nobody else may claim the item, while an item
whose decision was undone goes back to the queue when its lease runs out.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kpo.records import Box, ReviewItem
from kpo.review.model import Claim, Decision
from kpo.review.queue import open_review
from kpo.review.service import ClaimError, ReviewService

from .locks import wait_until_blocked

FakeClock = Any  # tests/kpo/conftest.py's ``clock``: a clock the test moves by hand
ITEMS = 40
LIVE = (
    "SELECT COUNT(*) FROM items i JOIN decisions d ON d.item_id = i.item_id "
    "AND d.revision = i.revision"
)


def _fill(service: ReviewService, n: int) -> None:
    items = [(f"/in/d{i}.pdf", ReviewItem(f"d{i}", "low_confidence", "claim", "claim_number",
                                          f"CL-{i}", 0.2, 0.7, 1, Box(1, 2, 3, 4)))
             for i in range(n)]  # fmt: skip
    service.add_batch("acme", "b1", items)


def _open(location: str, workspace: Path, clock: FakeClock) -> ReviewService:
    service = open_review(location, workspace)
    service.clock = clock
    return service


@dataclass
class Outcome:
    """What one thread saw: refusals by message code, items it decided, crashes."""

    refused: list[str] = field(default_factory=list)
    decided: list[int] = field(default_factory=list)
    crashed: list[BaseException] = field(default_factory=list)


def _ann(service: ReviewService, claims: list[Claim], undone: set[int], out: Outcome) -> None:
    """Undo every item too late, and decide the undone ones under their expired leases."""
    for claim in claims:
        item_id = claim.item.item_id
        try:
            service.undo(item_id, "ann", claim.token)
        except ClaimError as exc:
            out.refused.append(str(exc)[:4])
        if item_id in undone:
            try:
                service.decide(item_id, "ann", claim.token, Decision("accept"))
                out.decided.append(item_id)
            except ClaimError as exc:  # bob took it (E503) or decided it (E504) first
                out.refused.append(str(exc)[:4])


def _bob(service: ReviewService, out: Outcome) -> None:
    while claim := service.claim_next("bob"):
        service.decide(claim.item.item_id, "bob", claim.token, Decision("reject", reason="x"))
        out.decided.append(claim.item.item_id)


def _thread(location: str, workspace: Path, clock: FakeClock, start: threading.Barrier,
            out: Outcome, act: object, *args: object) -> threading.Thread:  # fmt: skip
    def run() -> None:
        try:
            with _open(location, workspace, clock) as service:  # a connection per thread
                start.wait()
                act(service, *args, out)  # type: ignore[operator]
        except BaseException as exc:  # reported by the test
            out.crashed.append(exc)

    return threading.Thread(target=run)


def test_after_the_lease_an_undo_is_refused_and_only_undone_items_go_back_to_the_queue(
    queue_db: str, tmp_path: Path, clock: FakeClock
) -> None:
    with _open(queue_db, tmp_path, clock) as service:
        _fill(service, ITEMS)
        claims = [c for _ in range(ITEMS) if (c := service.claim_next("ann"))]
        for claim in claims:
            service.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
        undone = {c.item.item_id for c in claims[::2]}
        for claim in claims[::2]:
            service.undo(claim.item.item_id, "ann", claim.token)
    clock.advance(service.lease_s + 1)
    ann, bob, start = Outcome(), Outcome(), threading.Barrier(2)
    threads = [_thread(queue_db, tmp_path, clock, start, ann, _ann, claims, undone),
               _thread(queue_db, tmp_path, clock, start, bob, _bob)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert ann.crashed == [] and bob.crashed == []
    assert set(bob.decided) <= undone  # never an item whose decision stood
    assert sorted(ann.decided + bob.decided) == sorted(undone)
    assert set(ann.refused) <= {"E513", "E503", "E504"} and ann.refused.count("E513") == ITEMS
    with _open(queue_db, tmp_path, clock) as service:
        assert service.counts("acme").by_status == {"done": ITEMS}
        execute = service.store.conn.execute
        assert int(execute(LIVE)[0][0]) == ITEMS
        assert int(execute("SELECT COUNT(*) FROM decisions")[0][0]) == ITEMS + len(undone)


@dataclass
class Undoer:
    """Ann's session: claims and decides the item, then undoes it and holds the commit."""

    location: str
    workspace: Path
    clock: FakeClock
    written: threading.Event = field(default_factory=threading.Event)
    commit: threading.Event = field(default_factory=threading.Event)
    claims: list[Claim] = field(default_factory=list)

    def __call__(self) -> None:
        with _open(self.location, self.workspace, self.clock) as service:
            claim = service.claim_next("ann")
            assert claim
            service.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
            append_audit = service.store.append_audit

            def hold(*args: object) -> None:  # the undo is written, not yet committed
                append_audit(*args)  # type: ignore[arg-type]
                self.written.set()
                self.commit.wait(timeout=20)

            service.store.append_audit = hold  # type: ignore[method-assign,assignment]
            self.claims.append(service.undo(claim.item.item_id, "ann", claim.token))


def _claim(location: str, workspace: Path, clock: FakeClock, item_id: int,
           out: list[object]) -> None:  # fmt: skip
    with _open(location, workspace, clock) as service:
        try:
            out.append(service.claim(item_id, "bob"))
        except ClaimError as exc:
            out.append(exc)


@pytest.mark.parametrize("lease_ran_out", [True, False])
def test_a_claim_that_waited_for_an_undo_sees_it(
    queue_db: str, tmp_path: Path, clock: FakeClock, lease_ran_out: bool
) -> None:
    with _open(queue_db, tmp_path, clock) as service:
        _fill(service, 1)
    ann = Undoer(queue_db, tmp_path, clock)
    undo = threading.Thread(target=ann)
    undo.start()
    assert ann.written.wait(timeout=20)
    clock.advance(service.lease_s + 1 if lease_ran_out else 1)
    outcome: list[object] = []
    bob = threading.Thread(target=_claim, args=(queue_db, tmp_path, clock, 1, outcome))
    bob.start()
    wait_until_blocked(queue_db)
    ann.commit.set()
    undo.join(timeout=20)
    bob.join(timeout=20)
    assert len(ann.claims) == 1 and len(outcome) == 1
    with _open(queue_db, tmp_path, clock) as service:
        item = service.show(1)
        actions = [e.action for e in service.history(1)]
    assert item.decision is None and actions[:3] == ["claim", "accept", "undo"]
    if lease_ran_out:  # the undone item went back to the queue, and bob took it
        assert isinstance(outcome[0], Claim) and item.claimed_by == "bob"
        assert actions == ["claim", "accept", "undo", "claim"]
    else:  # ann holds it again under her lease
        assert isinstance(outcome[0], ClaimError) and str(outcome[0]).startswith("E502")
        assert item.claimed_by == "ann" and actions == ["claim", "accept", "undo"]
