"""Claims racing decisions: N reviewer threads clear M items while claiming each other's.

Each reviewer claims the next item, tries to take the items just before it by id
(which other reviewers are deciding at that moment), then decides what it holds.
A claim by id on an item that is being decided must be refused once the decision
commits. Printed per backend: seconds, claims by id tried and granted, second
claims (a claim recorded after the item's decision, must be 0), stuck items
(decided but not ``done``, must be 0) and items not decided exactly once (must be 0).

    .venv/bin/python benchmarks/bench_review_race.py                  # 10 reviewers, 2000 items
    .venv/bin/python benchmarks/bench_review_race.py --backend postgresql --items 500

PostgreSQL runs on a throwaway server started here (initdb + pg_ctl, as the tests do).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from kpo.review.model import Decision
from kpo.review.queue import open_review
from kpo.review.service import ClaimError, ReviewService

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_review.py, beside this one
from bench_review import fill, on_backends

DECIDED = "('accept', 'correct', 'reject', 'reclassify')"
SECOND_CLAIMS = (
    "SELECT COUNT(DISTINCT c.item_id) FROM audit c JOIN audit d ON d.item_id = c.item_id "
    f"WHERE c.action = 'claim' AND d.action IN {DECIDED} AND c.entry_id > d.entry_id"
)
STUCK = (
    "SELECT COUNT(*) FROM items i JOIN decisions d ON d.item_id = i.item_id "
    "WHERE i.status <> 'done'"
)


def _reviewer(location: str, workspace: Path, name: str, reach: int, start: threading.Barrier,
              tally: list[int]) -> None:  # fmt: skip
    with open_review(location, workspace) as service:  # a connection per thread, as SQLite wants
        start.wait()
        _clear(service, name, reach, tally)


def _clear(service: ReviewService, name: str, reach: int, tally: list[int]) -> None:
    while claim := service.claim_next(name):
        held = [claim]
        for other in range(max(1, claim.item.item_id - reach), claim.item.item_id):
            tally[0] += 1
            try:
                held.append(service.claim(other, name))
            except ClaimError:
                continue
            tally[1] += 1
        for mine in held:
            try:
                service.decide(mine.item.item_id, name, mine.token, Decision("accept"))
            except ClaimError:
                tally[2] += 1  # a claim granted on an item decided meanwhile


def race(location: str, workspace: Path, reviewers: int, n: int, reach: int) -> dict[str, float]:
    """Clear ``n`` items with ``reviewers`` threads; the counts of what went wrong."""
    fill(location, workspace, n)
    tallies = [[0, 0, 0] for _ in range(reviewers)]
    barrier = threading.Barrier(reviewers + 1)
    threads = [threading.Thread(target=_reviewer, args=(location, workspace, f"r{i}", reach,
                                                        barrier, t))
               for i, t in enumerate(tallies)]  # fmt: skip
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    with open_review(location, workspace) as service:
        execute = service.store.conn.execute
        decided = int(execute("SELECT COUNT(*) FROM decisions")[0][0])
        second, stuck = int(execute(SECOND_CLAIMS)[0][0]), int(execute(STUCK)[0][0])
    return {
        "seconds": round(seconds, 2),
        "claims_by_id": sum(t[0] for t in tallies),
        "granted": sum(t[1] for t in tallies),
        "refused_decide": sum(t[2] for t in tallies),
        "second_claims": second,
        "stuck": stuck,
        "not_decided_once": n - decided,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=10)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--reach", type=int, default=2, help="claims by id per item taken")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    on_backends(
        args.backend,
        "kpo-bench-race-",
        lambda location, root: race(location, root, args.reviewers, args.items, args.reach),
    )


if __name__ == "__main__":
    main()
