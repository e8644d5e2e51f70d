"""Peak memory of a kpo worker on a short and on a long document (a benchmark, not a test).

Builds one generated document of --short pages and one of --long pages (the first pages of
bench_run.py's generated batch, merged; the short one is the start of the long one) and
runs each, --repeat times, through `kpo run --workers 1` in a fresh process. The memory of
the run's own processes only is sampled every --interval seconds (``_run_measure.py``);
the worker's peak is that of the Ray worker and its extraction sandbox child together.
Issue 19's target: the long document's peak at most 50 MB above the short one's (medians).

    python benchmarks/bench_memory.py [--short 50] [--long 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from _run_contenders import HERE, corpus, kpo_command, kpo_env, pdf_files
from _run_measure import METHOD, SANDBOX_MARK, Measured, run_measured
from _run_targets import git_state, print_targets

MB = 2**20


def long_document(pages: int, seed: int) -> Path:
    """The first ``pages`` pages of the generated batch, merged into one PDF (cached)."""
    import pypdfium2 as pdfium

    target = HERE / ".cache" / f"document-{pages}p-{seed}.pdf"
    if target.exists():
        return target
    merged = pdfium.PdfDocument.new()
    for path in pdf_files(corpus(200, 4, seed)):
        left = pages - len(merged)
        if left <= 0:
            break
        source = pdfium.PdfDocument(path)
        merged.import_pages(source, list(range(min(left, len(source)))))
    if len(merged) != pages:
        raise SystemExit(f"the generated batch has only {len(merged)} pages, not {pages}")
    merged.save(target)
    return target


def roles(m: Measured) -> dict[str, int]:
    """Peak RSS of the worker process and of its sandbox child, each on its own, MB."""
    assert m.sampler is not None
    worker = max(m.worker_peaks, key=m.worker_peaks.__getitem__)
    child = [p for p, cmd in m.sampler.cmd.items() if SANDBOX_MARK in cmd]
    peaks = m.sampler.process_peaks
    return {"worker": round(peaks.get(worker, 0) / MB),
            "sandbox": round(max((peaks.get(p, 0) for p in child), default=0) / MB)}  # fmt: skip


def measure(path: Path, pages: int, args: argparse.Namespace) -> float:
    """Median over --repeat runs of the worker's peak (process + sandbox child), MB."""
    peaks = []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as ws:
            m = run_measured(kpo_command([path], 1, Path(ws)), kpo_env(), args.interval)
        summary = json.loads(m.stdout)
        if (summary["documents"], summary["failed"], summary["pages"]) != (1, 0, pages):
            raise SystemExit(f"the {pages}-page document was not processed: {summary}")
        if len(m.worker_peaks) != 1:
            raise SystemExit(f"expected one worker, sampled {len(m.worker_peaks)}")
        peak = max(m.worker_peaks.values()) / MB
        peaks.append(peak)
        print(f"{pages} pages, run {i + 1}: worker + sandbox child peak {peak:.0f} MB "
              f"(each on its own: {roles(m)}); run peak {m.run_peak / MB:.0f} MB; "
              f"{m.wall:.1f} s, {m.cpu:.1f} CPU-s")  # fmt: skip
    return statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=50, help="pages of the short document")
    parser.add_argument("--long", type=int, default=500, help="pages of the long document")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between samples")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    commit = git_state()
    print(f"commit {commit}; CPU counted by: {METHOD}")
    docs = {n: long_document(n, args.seed) for n in (args.short, args.long)}
    medians = {n: measure(path, n, args) for n, path in docs.items()}
    short, long_ = medians[args.short], medians[args.long]
    print(f"\nmedians of {args.repeat}: {args.short} pages {short:.0f} MB, {args.long} pages "
          f"{long_:.0f} MB: {long_ - short:+.0f} MB")  # fmt: skip
    standard = (args.short, args.long) == (50, 500)
    print_targets({"memory": long_ - short}, commit, save_=standard)


if __name__ == "__main__":
    main()
