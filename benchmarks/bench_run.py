"""Speed, CPU and memory of `kpo run` against simple baselines (a benchmark, not a test).

Runs one batch of PDFs (generated multi-page PDFs, or --corpus DIR of real ones) through:
  (a) a bare loop calling pdfplumber's extract_text on every page, one process;
  (b) `kpo run` with N Ray workers (Ray's start-up included);
  (c) a multiprocessing.Pool of N processes running the same DocumentProcessor
      under the same run_batch (ingest, Parquet writer, review queue);
and, on the generated batch without --busy:
  (d) `kpo run` on a one-document batch (start-up included);
  (e) `kpo run --ray-address` against a Ray already running on this machine
      (one `ray start --head` for all runs: Ray's own start-up excluded; actors,
      models and the shipping of file bytes included; its CPU-seconds are those of the
      `kpo run` process tree only, not of the cluster's workers);
  (f) Ray's own start as `kpo run` does it (import ray and ray.init, no actors).

(a), (b), (c) alternate (a, b, c, a, b, c, ...) for --repeat rounds, each in a fresh
process (interpreter start, imports and exit included); ratios use the medians of this
run. Each contender's CPU-seconds are those of its whole process tree, every descendant
included (``_run_measure.py`` says how), and its memory is sampled over its own processes
only. Pages are counted from the PDFs (pypdfium2), the same number for every contender.
--busy N runs every contender beside N busy nice-0 processes. The end prints the issue's
targets (``_run_targets.py``); bench_memory.py measures the memory one.

    python benchmarks/bench_run.py [--docs 200] [--workers 2] [--repeat 3] [--busy 2]
    python benchmarks/bench_run.py --corpus ../shared/corpus/pdfs
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _run_contenders import (
    HERE,
    accuracy,
    bare_pdfplumber,
    batch_types,
    busy_processes,
    corpus,
    count_pages,
    kpo_command,
    kpo_env,
    pool_batch,
    ray_start_cost,
)
from _run_measure import METHOD, Measured, run_measured
from _run_targets import git_state, print_targets

MB = 2**20
ME = [sys.executable, __file__]
NAMES = {"a": "bare pdfplumber, 1 process", "b": "kpo run, {w} Ray workers",
         "c": "run_batch on multiprocessing.Pool({w})",
         "e": "kpo run --ray-address (a running Ray)"}  # fmt: skip


def commands(inputs: Path, w: int) -> dict[str, Callable[[Path], list[str]]]:
    """Each contender's command line in a fresh process, given its workspace."""
    pool = [*ME, "--pool-only", "--root", str(inputs), "--workers", str(w), "--workspace"]
    return {
        "a": lambda ws: [*ME, "--bare-only", "--root", str(inputs)],
        "b": lambda ws: kpo_command([inputs], w, ws),
        "c": lambda ws: [*pool, str(ws)],
    }


def line(name: str, m: Measured, pages: int) -> str:
    peaks = sorted(round(v / MB) for v in m.worker_peaks.values())
    left = f"; {m.leftovers} processes left over, killed" if m.leftovers else ""
    return (f"{name}: {m.wall:.1f} s, {m.cpu:.1f} CPU-s = {pages / m.wall:.1f} pages/s, "
            f"{pages / m.cpu:.1f} pages/CPU-s; peak RSS MB: run {m.run_peak / MB:.0f}, "
            f"per worker {peaks}{left}")  # fmt: skip


def rounds(args: argparse.Namespace, inputs: Path, pages: int, cluster: Any) -> dict[str, Any]:
    """--repeat rounds of (a), (b), (c) (and (e) with a cluster); every run's Measured."""
    cmds = commands(inputs, args.workers)
    if cluster is not None:
        cmds["e"] = lambda ws: kpo_command([inputs], args.workers, ws, "--ray-address",
                                           cluster.address)  # fmt: skip
    runs: dict[str, list[Measured]] = {k: [] for k in cmds}
    runs["types"] = []
    for i in range(args.repeat):
        for key, cmd in cmds.items():
            env = kpo_env(cluster.env if key == "e" else None)
            with tempfile.TemporaryDirectory() as ws:
                m = run_measured(cmd(Path(ws)), env)
                if key == "b":
                    runs["types"].append(batch_types(json.loads(m.stdout)["output_dir"]))
            runs[key].append(m)
            print(line(f"({key}) run {i + 1}: " + NAMES[key].format(w=args.workers), m, pages))
    return runs


def table(runs: dict[str, Any], pages: int, w: int) -> dict[str, dict[str, float]]:
    """Medians per contender, printed as a table; returned for the ratios."""
    print(f"\nmedians of {len(runs['a'])} runs; peak RSS: max over runs; CPU: {METHOD}")
    print(f"{'contender':<44} {'wall s':>7} {'CPU-s':>7} {'pages/s':>8} {'pages/CPU-s':>11} "
          f"{'run MB':>7}  per worker MB (+ sandbox child; worst run)")  # fmt: skip
    out = {}
    for key in [k for k in "abce" if k in runs]:
        ms: list[Measured] = runs[key]
        wall = statistics.median(m.wall for m in ms)
        cpu = statistics.median(m.cpu for m in ms)
        run_mb = max(m.run_peak for m in ms) / MB
        worst = max(ms, key=lambda m: max(m.worker_peaks.values(), default=0))
        peaks = sorted(round(v / MB) for v in worst.worker_peaks.values())
        print(f"({key}) {NAMES[key].format(w=w):<40} {wall:>7.1f} {cpu:>7.1f} "
              f"{pages / wall:>8.1f} {pages / cpu:>11.1f} {run_mb:>7.0f}  {peaks}")  # fmt: skip
        out[key] = {"wall": wall, "cpu": cpu}
    return out


def ratios(runs: dict[str, Any], med: dict[str, dict[str, float]]) -> None:
    def run_by_run(x: str, y: str) -> str:
        pairs = zip(runs[x], runs[y], strict=True)
        return ", ".join(f"{my.wall / mx.wall:.2f}x" for mx, my in pairs)

    b = med["b"]["wall"]
    print(
        f"\nspeed (wall) (b)/(a): {med['a']['wall'] / b:.2f}x (run by run {run_by_run('b', 'a')})"
    )
    cpu = med["b"]["cpu"] / med["c"]["cpu"]
    print(f"speed (wall) (b)/(c): {med['c']['wall'] / b:.2f}x (1.0 = the Pool; run by run "
          f"{run_by_run('b', 'c')}); CPU-seconds (b)/(c): {cpu:.2f}x")  # fmt: skip
    if "e" in med:
        print(f"speed (wall) (e)/(c): {med['c']['wall'] / med['e']['wall']:.2f}x "
              f"(run by run {run_by_run('e', 'c')})")  # fmt: skip


def extras(args: argparse.Namespace, files: list[Path], med: dict[str, Any]) -> None:
    """(d) a one-document batch and (f) Ray's own start."""
    with tempfile.TemporaryDirectory() as ws:
        m = run_measured(kpo_command([files[0]], 1, Path(ws)), kpo_env())
    stages = json.loads(m.stdout)["stage_seconds"]
    print(f"(d) kpo run on one document, start-up included: {m.wall:.1f} s, {m.cpu:.1f} CPU-s "
          f"(stages {stages})")  # fmt: skip
    starts = [run_measured([*ME, "--ray-start-only", "--workers", str(args.workers)])
              for _ in range(args.repeat)]  # fmt: skip
    inner = [json.loads(m.stdout) for m in starts]
    secs_c = med["c"]["wall"]
    wall, cpu = (statistics.median(s[k] for s in inner) for k in ("wall", "cpu"))
    print(f"(f) Ray's own start (import ray, ray.init): {wall:.2f} s, {cpu:.2f} CPU-s "
          f"in its processes; the whole "
          f"fresh process tree with interpreter start and shutdown: "
          f"{statistics.median(m.cpu for m in starts):.2f} CPU-s (medians of {args.repeat}); "
          f"0.9x of (c) leaves {secs_c / 0.9 - secs_c:.2f} s for all of Ray's costs")  # fmt: skip


@contextlib.contextmanager
def maybe_cluster(enabled: bool, w: int) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    sys.path.insert(0, str(HERE.parent))  # the tests' helper that starts a Ray on loopback
    from tests.jobs.ray_cluster import ray_cluster

    with tempfile.TemporaryDirectory() as tmp, ray_cluster(Path(tmp), nodes=1,
                                                           cpus_per_node=w) as cluster:  # fmt: skip
        yield cluster


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="PDFs in the generated batch")
    parser.add_argument("--per-file", type=int, default=4, help="generated documents per PDF")
    parser.add_argument("--corpus", type=Path, help="a folder of real PDFs instead")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (a), (b), (c)")
    parser.add_argument("--busy", type=int, default=0, help="busy nice-0 processes beside")
    for hidden in ("--pool-only", "--bare-only", "--ray-start-only"):
        parser.add_argument(hidden, action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def child(args: argparse.Namespace) -> bool:
    """The fresh processes of (a), (c) and (f): each prints JSON."""
    if args.pool_only:
        print(json.dumps(pool_batch(args.root, args.workers, args.workspace)))
    elif args.bare_only:
        pages, seconds = bare_pdfplumber(sorted(args.root.rglob("*.pdf")))
        print(json.dumps({"pages": pages, "seconds": seconds}))
    elif args.ray_start_only:
        print(json.dumps(ray_start_cost(args.workers)))
    return bool(args.pool_only or args.bare_only or args.ray_start_only)


def main() -> None:
    args = parse_args()
    if child(args):
        return
    generated = args.corpus is None
    root = corpus(args.docs, args.per_file, args.seed) if generated else None
    inputs = root / "pdfs" if root else args.corpus.resolve()
    files = sorted(inputs.rglob("*.pdf"))
    pages = count_pages(files)
    for path in files:  # the page cache warm for every contender, the first one too
        path.read_bytes()
    commit = git_state()
    w, extra = args.workers, generated and not args.busy
    print(f"commit {commit}; machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
          f"niceness {os.nice(0)}; busy processes: {args.busy}")  # fmt: skip
    print(f"batch: {inputs}: {len(files)} PDFs, {pages} pages (pypdfium2); {w} workers")
    print(f"CPU counted by: {METHOD}")
    with busy_processes(args.busy), maybe_cluster(extra, w) as cluster:
        runs = rounds(args, inputs, pages, cluster)
        med = table(runs, pages, w)
        ratios(runs, med)
        if extra:
            extras(args, files, med)
    last_b = json.loads(runs["b"][-1].stdout)
    nice = last_b["executor"].get("niceness")
    print(f"kpo's summary: {last_b['documents']} documents, {last_b['pages']} pages, "
          f"{last_b['failed']} failed; workers' niceness {nice}")  # fmt: skip
    if generated:
        types_b = runs["types"][-1]
        print(f"doc-type accuracy of (b): {accuracy(types_b, root):.3f}")
    standard = not generated or (args.docs, args.per_file, args.seed) == (200, 4, 2026)
    print_targets(targets(args, med, pages), commit, save_=standard)


def targets(args: argparse.Namespace, med: dict[str, Any], pages: int) -> dict[str, float]:
    """What this run measured of the issue's targets (each only in the mode it is for)."""
    out = {}
    plain = not args.busy
    if plain and args.corpus is None:
        out["cpu_generated"] = pages / med["b"]["cpu"]
        if args.workers == 2:
            out["vs_bare"] = med["a"]["wall"] / med["b"]["wall"]
    if plain and args.corpus is not None:
        out["cpu_corpus"] = pages / med["b"]["cpu"]
    if args.busy == 2 and args.corpus is None:
        out["busy"] = med["c"]["wall"] / med["b"]["wall"]
    return out


if __name__ == "__main__":
    main()
