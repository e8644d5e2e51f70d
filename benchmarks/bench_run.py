"""Speed and memory of `kpo run` against simple baselines (a benchmark, not a test).

Runs one generated batch of multi-page PDFs through:
  (a) a bare loop calling pdfplumber's extract_text on every page, one process;
  (b) `kpo run` with N Ray workers (start-up included); the peak RSS of each worker
      is sampled in one more run of (b), untimed (the sampler polls every 0.2 s);
  (c) a multiprocessing.Pool of N processes running the same DocumentProcessor
      under the same run_batch (ingest, Parquet writer, review queue);
  (d) `kpo run` on a one-document batch (start-up included);
  (e) `kpo run --ray-address` against a Ray already running on this machine
      (one `ray start --head` for all runs: Ray's own start-up excluded; actors,
      models and the shipping of file bytes included);
  (f) Ray's own start as `kpo run` does it (import ray and ray.init, no actors), in
      a fresh process: its wall time and the CPU-seconds of every process it starts,
      against the time that 10% of (c) leaves for all of Ray's costs.
and prints pages per second, their ratios, peak memory per worker and the
document-type accuracy of (b) against the generator's labels.

(b), (c) and (e) run in a fresh process (interpreter start, imports and exit
included), --repeat times each, alternating; the ratios use the median times. The
contenders and the batch are built by ``_run_contenders.py``.

    python benchmarks/bench_run.py [--docs 200] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _run_contenders import (
    HERE,
    RssSampler,
    accuracy,
    bare_pdfplumber,
    batch_types,
    corpus,
    kpo_run,
    pdf_files,
    pool_batch,
    ray_start_cost,
)


def pool_run(root: Path, workers: int, workspace: Path) -> tuple[dict[str, Any], float]:
    """(c) in a fresh interpreter, timed like (b): start-up, imports and exit included."""
    cmd = [sys.executable, __file__, "--pool-only", "--root", str(root), "--workers", str(workers),
           "--workspace", str(workspace)]  # fmt: skip
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout), time.perf_counter() - start


def ray_start_run(workers: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--ray-start-only", "--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def report(name: str, summary: dict[str, Any], seconds: float) -> float:
    rate = summary["pages"] / seconds
    stages = summary.get("stage_seconds", {})
    print(f"{name}: {summary['documents']} docs, {summary['pages']} pages in {seconds:.1f} s "
          f"= {rate:.1f} pages/s; stages {stages}")  # fmt: skip
    return rate


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="PDFs in the batch")
    parser.add_argument("--per-file", type=int, default=4, help="generated documents per PDF")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b) and (c), alternating")
    parser.add_argument("--pool-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ray-start-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.pool_only:  # the child process of (c)
        print(json.dumps(pool_batch(args.root, args.workers, args.workspace)))
        return
    if args.ray_start_only:  # the child process of (f)
        print(json.dumps(ray_start_cost(args.workers)))
        return
    root = corpus(args.docs, args.per_file, args.seed)
    files = pdf_files(root)
    w = args.workers
    print(f"machine: {os.cpu_count()} CPUs; batch: {len(files)} PDFs")

    pages_a, secs_a = bare_pdfplumber(files)
    rate_a = pages_a / secs_a
    print(f"(a) bare pdfplumber extract_text, 1 process: {pages_a} pages, {rate_a:.1f} pages/s")
    runs_b: list[tuple[dict[str, Any], float]] = []
    runs_c: list[tuple[dict[str, Any], float]] = []
    runs_e: list[tuple[dict[str, Any], float]] = []
    sys.path.insert(0, str(HERE.parent))  # the tests' helper that starts a Ray on loopback
    from tests.jobs.ray_cluster import ray_cluster

    with (
        tempfile.TemporaryDirectory() as tmp,
        ray_cluster(Path(tmp), nodes=1, cpus_per_node=w) as cluster,
    ):
        for i in range(args.repeat):
            with tempfile.TemporaryDirectory() as ws:
                runs_b.append(kpo_run([root / "pdfs"], w, Path(ws)))
                types_b = batch_types(runs_b[-1][0]["output_dir"])
            report(f"(b) run {i + 1}: kpo run, {w} Ray workers, start-up included", *runs_b[-1])
            with tempfile.TemporaryDirectory() as ws:
                runs_c.append(pool_run(root, w, Path(ws)))
                types_c = batch_types(runs_c[-1][0]["output_dir"])
            report(f"(c) run {i + 1}: run_batch on multiprocessing.Pool({w}), fresh process",
                   *runs_c[-1])  # fmt: skip
            with tempfile.TemporaryDirectory() as ws:
                runs_e.append(kpo_run([root / "pdfs"], w, Path(ws), "--ray-address",
                                      cluster.address, env=cluster.env))  # fmt: skip
            report(f"(e) run {i + 1}: kpo run --ray-address, a Ray already running here",
                   *runs_e[-1])  # fmt: skip
    # memory in a run of its own: the sampler's polling would slow only the Ray runs
    with RssSampler() as sampler, tempfile.TemporaryDirectory() as ws:
        kpo_run([root / "pdfs"], w, Path(ws))
    with tempfile.TemporaryDirectory() as ws:
        summary_d, secs_d = kpo_run([files[0]], 1, Path(ws))
    print(f"(d) kpo run on one document, start-up included: {secs_d:.1f} s "
          f"(stages {summary_d['stage_seconds']})")  # fmt: skip

    pages = runs_b[0][0]["pages"]
    secs_b = statistics.median(s for _, s in runs_b)
    secs_c = statistics.median(s for _, s in runs_c)
    secs_e = statistics.median(s for _, s in runs_e)
    rate_b, rate_c = pages / secs_b, pages / secs_c
    peaks = [round(v / 2**20) for v in sorted(sampler.peak.values())]
    agree = sum(types_b.get(p) == t for p, t in types_c.items()) / max(len(types_c), 1)
    print(f"medians of {args.repeat}: (b) {secs_b:.1f} s = {rate_b:.1f} pages/s, "
          f"(c) {secs_c:.1f} s = {rate_c:.1f} pages/s")  # fmt: skip
    per_run = ", ".join(f"{c / b:.2f}x" for (_, b), (_, c) in zip(runs_b, runs_c, strict=True))
    print(f"ratio (b)/(a): {rate_b / rate_a:.2f}x   (b)/(c): {rate_b / rate_c:.2f}x "
          f"(1.0 = the Pool; run by run {per_run})")  # fmt: skip
    per_run_e = ", ".join(f"{c / e:.2f}x" for (_, e), (_, c) in zip(runs_e, runs_c, strict=True))
    print(
        f"(e) {secs_e:.1f} s = {pages / secs_e:.1f} pages/s; (e)/(c): {secs_c / secs_e:.2f}x "
        f"(Ray's own start-up excluded, actors and models included; run by run {per_run_e})"
    )
    starts = [ray_start_run(w) for _ in range(args.repeat)]
    start_wall = statistics.median(s["wall"] for s in starts)
    start_cpu = statistics.median(s["cpu"] for s in starts)
    print(
        f"(f) Ray's own start (import ray, ray.init): {start_wall:.2f} s, {start_cpu:.2f} CPU-s "
        f"in its processes (medians of {args.repeat}); 0.9x of (c) leaves "
        f"{secs_c / 0.9 - secs_c:.2f} s for all of Ray's costs"
    )
    print(f"peak RSS per worker (actor + its extraction sandbox), MB: {peaks}")
    print(f"doc-type accuracy of (b): {accuracy(types_b, root):.3f}; (b), (c) agree: {agree:.3f}")


if __name__ == "__main__":
    main()
