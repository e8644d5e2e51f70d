"""Load on the review queue: N reviewer processes clear M items, on SQLite and PostgreSQL.

Each reviewer is its own process with its own connection: claim the next item,
accept it, repeat until the queue is empty. Printed per backend: claims per second
(claim + decision round trips), items double-claimed (must be 0) and items lost,
i.e. not decided exactly once (must be 0).

    .venv/bin/python benchmarks/bench_review.py                # 10 reviewers, 1000 items
    .venv/bin/python benchmarks/bench_review.py --reviewers 20 --items 5000 --backend sqlite
    .venv/bin/python benchmarks/bench_review.py --think-ms 20   # reviewers pause per item

PostgreSQL runs on a throwaway server started here (initdb + pg_ctl, as the tests do).
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from kpo.records import Box, ReviewItem
from kpo.review.model import Decision
from kpo.review.queue import open_review


def load_pg() -> ModuleType:
    """tests/kpo/pg.py: a real PostgreSQL server on loopback (also for bench_review_race)."""
    path = Path(__file__).resolve().parents[1] / "tests" / "kpo" / "pg.py"
    spec = importlib.util.spec_from_file_location("kpo_bench_pg", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def fill(location: str, workspace: Path, n: int) -> None:
    """``n`` open items of client 'bench', batch 'b1', in the queue at ``location``."""
    items = [(f"/in/{i}.pdf", ReviewItem(f"doc{i}", "low_confidence", "claim", "claim_number",
                                         f"CL-{i}", 0.3, 0.7, 1, Box(1, 2, 3, 4)))
             for i in range(n)]  # fmt: skip
    with open_review(location, workspace) as service:
        service.add_batch("bench", "b1", items)


def _reviewer(
    location: str, workspace: str, name: str, think_s: float, barrier: Any, out: Any
) -> None:
    with open_review(location, Path(workspace)) as service:
        barrier.wait()  # every reviewer connected before the clock starts
        claimed = []
        while claim := service.claim_next(name):
            claimed.append(claim.item.item_id)
            time.sleep(think_s)  # a reviewer looks at the page before deciding
            service.decide(claim.item.item_id, name, claim.token, Decision("accept"))
    out.put(claimed)


def _work(
    location: str, workspace: Path, reviewers: int, think_s: float
) -> tuple[list[list[int]], float]:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(reviewers + 1), ctx.Queue()
    args = [(location, str(workspace), f"r{i}", think_s, barrier, out) for i in range(reviewers)]
    procs = [ctx.Process(target=_reviewer, args=a) for a in args]
    for p in procs:
        p.start()
    barrier.wait()
    start = time.perf_counter()
    results = [out.get() for _ in procs]
    seconds = time.perf_counter() - start
    for p in procs:
        p.join()
    return results, seconds


def run(
    location: str, workspace: Path, reviewers: int, n: int, think_s: float = 0.0
) -> dict[str, float]:
    fill(location, workspace, n)
    results, seconds = _work(location, workspace, reviewers, think_s)
    claims = Counter(i for r in results for i in r)
    with open_review(location, workspace) as service:
        counts = service.counts("bench")
        decided = service.store.conn.execute("SELECT COUNT(*) FROM decisions")[0][0]
    return {
        "claims": sum(claims.values()),
        "seconds": round(seconds, 2),
        "claims_per_s": round(sum(claims.values()) / seconds, 1),
        "double_claimed": sum(1 for c in claims.values() if c > 1),
        "lost": n - counts.by_status.get("done", 0) + abs(int(decided) - n),
        "busiest_reviewer": max(len(r) for r in results),
        "idlest_reviewer": min(len(r) for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=10)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--think-ms", type=float, default=0.0, help="pause before each decision")
    args = parser.parse_args()
    think = args.think_ms / 1000.0
    on_backends(
        args.backend,
        "kpo-bench-review-",
        lambda location, root: run(location, root, args.reviewers, args.items, think),
    )


def on_backends(
    backend: str, prefix: str, measure: Callable[[str, Path], dict[str, float]]
) -> None:
    """``measure(queue location, scratch folder)`` on SQLite and/or a real PostgreSQL
    server (``backend``: sqlite, postgresql or both); each result reported."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        root = Path(tmp)
        if backend in ("sqlite", "both"):
            report("sqlite", measure(str(root / "review.sqlite"), root))
        if backend in ("postgresql", "both"):
            pg = load_pg()
            bin_dir = pg.find_bin_dir()
            if bin_dir is None:
                print("postgresql: skipped, no initdb/pg_ctl found (set KPO_PG_BIN)")
                return
            with pg.pg_server(bin_dir) as server:
                url = pg.create_database(server, "bench")
                report("postgresql", measure(url, root))


def report(backend: str, result: dict[str, float]) -> None:
    fields = "  ".join(f"{k}={v}" for k, v in result.items())
    print(f"{backend:<11} {fields}", flush=True)


if __name__ == "__main__":
    main()
