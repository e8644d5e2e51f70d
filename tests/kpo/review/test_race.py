"""Claims racing decisions, on SQLite and on a real PostgreSQL server (the ``queue_db`` fixture).

On PostgreSQL a claim that waited for the row of an item being decided used to see
the item without its decision once the decision committed, and set it back to
``claimed``: a decided item that nobody could close. Regression tests for that race.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kpo.records import Box, ReviewItem
from kpo.review.model import Claim, Decision
from kpo.review.queue import open_review
from kpo.review.service import ClaimError, ReviewService

from .locks import wait_until_blocked

REVIEWERS = 10
ITEMS = 300
REACH = 2  # claims by id per item taken: the items just before it, which others are deciding
DECISIONS = "('accept', 'correct', 'reject', 'reclassify')"
SECOND_CLAIMS = (  # items claimed again after their decision
    "SELECT COUNT(DISTINCT c.item_id) FROM audit c JOIN audit d ON d.item_id = c.item_id "
    f"WHERE c.action = 'claim' AND d.action IN {DECISIONS} AND c.entry_id > d.entry_id"
)
STUCK = (  # decided items that are not done
    "SELECT COUNT(*) FROM items i JOIN decisions d ON d.item_id = i.item_id "
    "WHERE i.status <> 'done'"
)


def _fill(location: str, workspace: Path, n: int) -> None:
    items = [(f"/in/d{i}.pdf", ReviewItem(f"d{i}", "low_confidence", "claim", "claim_number",
                                          f"CL-{i}", 0.2, 0.7, 1, Box(1, 2, 3, 4)))
             for i in range(n)]  # fmt: skip
    with open_review(location, workspace) as service:
        service.add_batch("acme", "b1", items)


@dataclass
class Tally:
    """What one reviewer thread saw."""

    tried: int = 0
    refused: list[str] = field(default_factory=list)  # message codes of refused claims by id
    decide_failed: list[str] = field(default_factory=list)
    crashed: list[BaseException] = field(default_factory=list)


def _clear(service: ReviewService, name: str, tally: Tally) -> None:
    """Claim the next item, try to take the ones before it by id, decide what was granted."""
    while claim := service.claim_next(name):
        held = [claim]
        for other in range(max(1, claim.item.item_id - REACH), claim.item.item_id):
            tally.tried += 1
            try:
                held.append(service.claim(other, name))
            except ClaimError as exc:
                tally.refused.append(str(exc)[:4])
        for mine in held:
            try:
                service.decide(mine.item.item_id, name, mine.token, Decision("accept"))
            except ClaimError as exc:  # a claim was granted on an item decided meanwhile
                tally.decide_failed.append(str(exc)[:4])


def _reviewer(location: str, workspace: Path, name: str, start: threading.Barrier,
              tally: Tally) -> None:  # fmt: skip
    try:
        with open_review(location, workspace) as service:  # a connection per thread
            start.wait()
            _clear(service, name, tally)
    except BaseException as exc:  # reported by the test
        tally.crashed.append(exc)


def test_claims_by_id_racing_decisions_never_reopen_a_decided_item(
    queue_db: str, tmp_path: Path
) -> None:
    _fill(queue_db, tmp_path, ITEMS)
    tallies = [Tally() for _ in range(REVIEWERS)]
    start = threading.Barrier(REVIEWERS)
    threads = [threading.Thread(target=_reviewer, args=(queue_db, tmp_path, f"r{i}", start, t))
               for i, t in enumerate(tallies)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert [e for t in tallies for e in t.crashed] == []
    with open_review(queue_db, tmp_path) as service:
        execute = service.store.conn.execute
        assert int(execute(SECOND_CLAIMS)[0][0]) == 0
        assert int(execute(STUCK)[0][0]) == 0
        assert int(execute("SELECT COUNT(*) FROM decisions")[0][0]) == ITEMS
        assert service.counts("acme").by_status == {"done": ITEMS}
    assert [c for t in tallies for c in t.decide_failed] == []
    assert sum(t.tried for t in tallies) >= ITEMS  # the claims by id did race the decisions
    assert {c for t in tallies for c in t.refused} <= {"E502", "E504"}


Second = Callable[[ReviewService, Claim], object]
SECOND: dict[str, Second] = {  # what another session does while the decision is being made
    "claim": lambda s, c: s.claim(c.item.item_id, "bob"),
    "renew": lambda s, c: s.renew(c.item.item_id, "ann", c.token),
    "release": lambda s, c: s.release(c.item.item_id, "ann", c.token),
    "decide": lambda s, c: s.decide(c.item.item_id, "ann", c.token, Decision("reject", reason="x")),
}


@dataclass
class Decider:
    """The first session: claims the item, writes its decision and holds the commit."""

    location: str
    workspace: Path
    claimed: threading.Event = field(default_factory=threading.Event)
    written: threading.Event = field(default_factory=threading.Event)
    commit: threading.Event = field(default_factory=threading.Event)
    claims: list[Claim] = field(default_factory=list)

    def __call__(self) -> None:
        with open_review(self.location, self.workspace) as service:  # used in this thread only
            claim = service.claim_next("ann")
            assert claim
            self.claims.append(claim)
            self.claimed.set()
            append_audit = service.store.append_audit

            def hold(*args: object) -> None:  # the decision is written, not yet committed
                append_audit(*args)  # type: ignore[arg-type]
                self.written.set()
                self.commit.wait(timeout=20)

            service.store.append_audit = hold  # type: ignore[method-assign,assignment]
            service.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))


def _second(location: str, workspace: Path, act: Second, claim: Claim, out: list[object]) -> None:
    with open_review(location, workspace) as service:
        try:
            out.append(act(service, claim))
        except Exception as exc:  # the test looks at what came back
            out.append(exc)


@pytest.mark.parametrize("action", list(SECOND))
def test_an_action_that_waited_for_a_decision_sees_it(
    queue_db: str, tmp_path: Path, action: str
) -> None:
    _fill(queue_db, tmp_path, 1)
    first = Decider(queue_db, tmp_path)
    decide = threading.Thread(target=first)
    decide.start()
    assert first.claimed.wait(timeout=20) and first.written.wait(timeout=20)
    claim, outcome = first.claims[0], list[object]()
    other = threading.Thread(target=_second, args=(queue_db, tmp_path, SECOND[action], claim,
                                                   outcome))  # fmt: skip
    other.start()
    wait_until_blocked(queue_db)
    first.commit.set()
    decide.join(timeout=20)
    other.join(timeout=20)
    assert len(outcome) == 1 and isinstance(outcome[0], ClaimError), outcome
    assert str(outcome[0]).startswith("E504"), outcome[0]
    with open_review(queue_db, tmp_path) as service:
        item = service.show(claim.item.item_id)
        assert item.status == "done" and item.decision
        assert item.decision.decision.action == "accept"
        assert [e.action for e in service.history(claim.item.item_id)] == ["claim", "accept"]


def test_writes_that_change_a_claim_check_the_item_state_themselves(
    queue_db: str, tmp_path: Path
) -> None:
    _fill(queue_db, tmp_path, 2)
    with open_review(queue_db, tmp_path) as service:
        store, now = service.store, time.time()
        decided, held = service.claim_next("ann"), service.claim_next("ann")
        assert decided and held
        service.decide(decided.item.item_id, "ann", decided.token, Decision("accept"))
        done, mine = decided.item.item_id, held.item.item_id
        with store.transaction():
            assert not store.take(done, "bob", "t1", now + 60, now)
            assert not store.take(done, "ann", "t1", now + 60, now)
            assert not store.renew(done, "ann", decided.token, now + 60)
            assert not store.release(done, "ann", decided.token)
            assert not store.insert_decision(done, "ann", decided.token, now, Decision("accept"))
            assert not store.take(mine, "bob", "t2", now + 60, now)  # ann's lease runs
            assert not store.renew(mine, "bob", held.token, now + 60)
            assert not store.release(mine, "ann", "not-the-token")
            assert store.take(mine, "bob", "t3", now + 60, now + service.lease_s + 1)  # expired
        assert service.show(done).status == "done"
        assert [e.action for e in service.history(done)] == ["claim", "accept"]
        assert service.show(mine).claimed_by == "bob"
