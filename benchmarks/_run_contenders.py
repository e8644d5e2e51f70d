"""The contenders of bench_run.py: the generated batch of multi-page PDFs, a bare
pdfplumber loop, ``kpo run`` as a command, run_batch on a multiprocessing.Pool, Ray's own
start, the busy processes of --busy, and the pages and document types of a batch. How
they are measured is in ``_run_measure.py``."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
KPO = str(Path(sys.executable).with_name("kpo"))


def corpus(n: int, per_file: int, seed: int) -> Path:
    """``n`` multi-page PDFs, each ``per_file`` generated documents of one type, merged."""
    from kpo.datasets.generator import generate_corpus
    from kpo.datasets.labels import read_labels

    out = HERE / ".cache" / f"batch-{n}x{per_file}-{seed}"
    if (out / "gold.json").exists():
        return out
    t = time.perf_counter()
    parts = HERE / ".cache" / f"parts-{n * per_file}-{seed}"
    if not (parts / "labels.jsonl").exists():
        generate_corpus(parts, n * per_file, seed)
    records = read_labels(parts / "labels.jsonl")
    by_type: dict[str, list[Path]] = {}
    for r in records:
        by_type.setdefault(r.doc_type, []).append(parts / "pdfs" / r.file)
    gold = {}
    (out / "pdfs").mkdir(parents=True, exist_ok=True)
    for doc_type, paths in by_type.items():
        for i in range(0, len(paths) - per_file + 1, per_file):
            target = out / "pdfs" / f"{doc_type}_{i // per_file:04d}.pdf"
            merge(paths[i : i + per_file], target)
            gold[str(target.resolve())] = doc_type
    (out / "gold.json").write_text(json.dumps(gold))
    print(f"built {len(gold)} multi-page PDFs in {time.perf_counter() - t:.1f} s into {out}")
    return out


def merge(paths: list[Path], target: Path) -> None:
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for path in paths:
        merged.import_pages(pdfium.PdfDocument(path))
    merged.save(target)


def pdf_files(root: Path) -> list[Path]:
    return sorted((root / "pdfs").rglob("*.pdf"))


def bare_pdfplumber(files: list[Path]) -> tuple[int, float]:
    import pdfplumber

    pages, start = 0, time.perf_counter()
    for path in files:
        try:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()
                    pages += 1
        except Exception:  # a real PDF pdfplumber cannot read: the loop goes on, as kpo's does
            continue
    return pages, time.perf_counter() - start


def count_pages(files: list[Path]) -> int:
    """The pages of ``files`` as pypdfium2 counts them (0 for a file it cannot open)."""
    import pypdfium2 as pdfium

    pages = 0
    for path in files:
        try:
            with pdfium.PdfDocument(path) as pdf:
                pages += len(pdf)
        except pdfium.PdfiumError:
            continue
    return pages


def kpo_command(inputs: list[Path], workers: int, workspace: Path, *extra: str) -> list[str]:
    return [KPO, "run", *map(str, inputs), "--client", "bench", "--workers", str(workers),
            "--workspace", str(workspace), "--json", *extra]  # fmt: skip


def kpo_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment less RAY_ADDRESS (so that kpo starts its own Ray), plus ``extra``."""
    clean = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    return {**clean, **(extra or {})}


@contextmanager
def busy_processes(n: int) -> Iterator[set[int]]:
    """``n`` pure-Python spin loops at niceness 0 for the duration; stopped by pid after."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        for proc in procs:
            os.setpriority(os.PRIO_PROCESS, proc.pid, 0)
        yield {proc.pid for proc in procs}
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


_PROCESSOR: Any = None


def _init_worker() -> None:
    global _PROCESSOR
    from kpo.pipeline import DocumentProcessor

    _PROCESSOR = DocumentProcessor()


def _process(file: Any) -> Any:
    return _PROCESSOR(file)


class PoolExecutor:
    """kpo's Executor on a multiprocessing.Pool: the same stages, ingest and writer."""

    def __init__(self, workers: int) -> None:
        ctx = multiprocessing.get_context("forkserver")
        self.workers = workers
        self.pool = ctx.Pool(workers, initializer=_init_worker)

    def map(self, files: Any) -> Any:
        return self.pool.imap_unordered(_process, files)

    def describe(self) -> dict[str, Any]:
        return {"kind": "multiprocessing.Pool", "workers": self.workers, "nodes": 1}

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


def pool_batch(inputs: Path, workers: int, workspace: Path) -> dict[str, Any]:
    """(c) in this process: the same ``run_batch``, its executor a Pool."""
    from kpo.batch import BatchRequest, run_batch

    executor = PoolExecutor(workers)
    request = BatchRequest([inputs], "bench", workspace, workers=workers)
    try:
        return run_batch(request, executor=executor).as_dict()
    finally:
        executor.close()


def ray_start_cost(workers: int) -> dict[str, float]:
    """(f) in this process: import ray and start kpo's local Ray; wall and CPU-seconds."""
    me = psutil.Process()
    before = sum(me.cpu_times()[:2])  # this interpreter's own start-up is not Ray's
    start = time.perf_counter()
    import ray

    from kpo.jobs.ray_start import init_ray

    init_ray(None, workers)
    wall = time.perf_counter() - start
    cpu = -before
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        cpu += times.user + times.system
    ray.shutdown()
    return {"wall": wall, "cpu": cpu}


def batch_types(output_dir: str) -> dict[str, str | None]:
    import pyarrow.parquet as pq

    table = pq.read_table(Path(output_dir) / "documents.parquet", columns=["path", "doc_type"])
    return dict(zip(table["path"].to_pylist(), table["doc_type"].to_pylist(), strict=True))


def accuracy(types: dict[str, str | None], root: Path) -> float:
    gold: dict[str, str] = json.loads((root / "gold.json").read_text())
    hits = sum(types.get(path) == doc_type for path, doc_type in gold.items())
    return hits / max(len(gold), 1)
