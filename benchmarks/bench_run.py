"""Speed and memory of `kpo run` against simple baselines (a benchmark, not a test).

Runs one generated batch of multi-page PDFs through:
  (a) a bare loop calling pdfplumber's extract_text on every page, one process;
  (b) `kpo run` with N Ray workers (start-up included), sampling each worker's RSS;
  (c) a multiprocessing.Pool of N processes running the same DocumentProcessor;
  (d) `kpo run` on a one-document batch (start-up included).
and prints pages per second, their ratios, peak memory per worker and the
document-type accuracy of (b) against the generator's labels.

    python benchmarks/bench_run.py [--docs 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
KPO = str(Path(sys.executable).with_name("kpo"))


def corpus(n: int, seed: int) -> Path:
    from kpo.datasets.generator import generate_corpus

    out = HERE / ".cache" / f"corpus-{n}-{seed}"
    if not (out / "labels.jsonl").exists():
        t = time.perf_counter()
        generate_corpus(out, n, seed)
        print(f"generated {n} documents in {time.perf_counter() - t:.1f} s into {out}")
    return out


def pdf_files(root: Path) -> list[Path]:
    return sorted((root / "pdfs").rglob("*.pdf"))


def bare_pdfplumber(files: list[Path]) -> tuple[int, float]:
    import pdfplumber

    pages, start = 0, time.perf_counter()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages, time.perf_counter() - start


class RssSampler:
    """Samples the RSS of kpo's Ray workers (and their sandbox children) every 0.2 s."""

    def __init__(self) -> None:
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _workers(self) -> Iterator[psutil.Process]:
        for proc in psutil.process_iter(["cmdline"]):
            cmd = " ".join(proc.info["cmdline"] or [])
            if "ProcessorActor" in cmd:
                yield proc

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in self._workers():
                try:
                    family = [proc, *proc.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in family)
                except psutil.Error:
                    continue
                self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            time.sleep(0.2)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def kpo_run(inputs: list[Path], workers: int, workspace: Path) -> tuple[dict[str, Any], float]:
    cmd = [KPO, "run", *map(str, inputs), "--client", "bench", "--workers", str(workers),
           "--workspace", str(workspace), "--json"]  # fmt: skip
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout), time.perf_counter() - start


_PROCESSOR: Any = None


def _init_worker() -> None:
    global _PROCESSOR
    from kpo.pipeline import DocumentProcessor

    _PROCESSOR = DocumentProcessor()


def _process(file: Any) -> tuple[str, str | None, int]:
    result = _PROCESSOR(file)
    doc_type = result.classification.doc_type if result.classification else None
    return result.path, doc_type, len(result.pages)


def pool_run(files: list[Path], workers: int) -> tuple[dict[str, str | None], int, float]:
    from kpo.ingest import ingest

    start = time.perf_counter()
    inputs = ingest(files)
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        rows = list(pool.imap_unordered(_process, inputs))
    elapsed = time.perf_counter() - start
    return {path: t for path, t, _ in rows}, sum(n for *_, n in rows), elapsed


def batch_types(output_dir: str) -> dict[str, str | None]:
    import pyarrow.parquet as pq

    table = pq.read_table(Path(output_dir) / "documents.parquet", columns=["path", "doc_type"])
    return dict(zip(table["path"].to_pylist(), table["doc_type"].to_pylist(), strict=True))


def accuracy(types: dict[str, str | None], root: Path) -> float:
    from kpo.datasets.labels import read_labels

    gold = {
        str((root / "pdfs" / r.file).resolve()): r.doc_type
        for r in read_labels(root / "labels.jsonl")
    }
    hits = sum(types.get(path) == doc_type for path, doc_type in gold.items())
    return hits / max(len(gold), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    root = corpus(args.docs, args.seed)
    files = pdf_files(root)
    print(f"machine: {os.cpu_count()} CPUs; batch: {len(files)} PDFs")

    pages_a, secs_a = bare_pdfplumber(files)
    with tempfile.TemporaryDirectory() as ws, RssSampler() as sampler:
        summary, secs_b = kpo_run([root / "pdfs"], args.workers, Path(ws))
        types_b = batch_types(summary["output_dir"])
    pool_types, pages_c, secs_c = pool_run(files, args.workers)
    with tempfile.TemporaryDirectory() as ws:
        _, secs_d = kpo_run([files[0]], 1, Path(ws))

    rate_a, rate_b, rate_c = pages_a / secs_a, summary["pages"] / secs_b, pages_c / secs_c
    peaks = sorted(v / 2**20 for v in sampler.peak.values())
    agree = sum(types_b.get(p) == t for p, t in pool_types.items()) / max(len(pool_types), 1)
    w = args.workers
    print(f"(a) bare pdfplumber extract_text, 1 process: {pages_a} pages, {rate_a:.1f} pages/s")
    print(f"(b) kpo run, {w} Ray workers (start-up included): {rate_b:.1f} pages/s")
    print(f"(c) multiprocessing.Pool({w}), same stages: {pages_c} pages, {rate_c:.1f} pages/s")
    print(f"(d) kpo run on one document, start-up included: {secs_d:.1f} s")
    print(
        f"ratio (b)/(a): {rate_b / rate_a:.2f}x   (b)/(c): {rate_b / rate_c:.2f}x (1.0 = the Pool)"
    )
    print(f"peak RSS per worker (actor + its extraction sandbox), MB: {[round(p) for p in peaks]}")
    print(f"doc-type accuracy of (b): {accuracy(types_b, root):.3f}; (b), (c) agree: {agree:.3f}")


if __name__ == "__main__":
    main()
