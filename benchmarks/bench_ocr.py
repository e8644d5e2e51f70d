"""OCR speed: pages per second per worker (one process, Tesseract on one thread).

Generates ``--docs`` scanned documents (``kpo.datasets.scan``), then reads each page
as a worker does: render with pdfium at ``--dpi``, Tesseract ``image_to_data``, boxes
mapped to points. Printed: pages, seconds, pages/s, and the share spent rendering.

    .venv/bin/python benchmarks/bench_ocr.py                 # 8 documents, 300 dpi
    .venv/bin/python benchmarks/bench_ocr.py --dpi 200 --docs 4
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one worker, one core, as in the sandbox

import pypdfium2 as pdfium

from kpo.datasets.generator import generate_corpus
from kpo.extractors.ocr import OcrSettings, ocr_engine, render_page
from kpo.extractors.pdfium_page import page_geometry


def scanned_pdfs(folder: Path, docs: int, seed: int) -> list[Path]:
    records = generate_corpus(folder, docs, seed, scanned_share=1.0)
    return [folder / "pdfs" / r.file for r in records if r.scanned]


def bench(paths: list[Path], settings: OcrSettings) -> tuple[int, float, float, int]:
    """(pages, seconds in total, seconds rendering, words read)."""
    engine = ocr_engine(settings)
    if engine is None:
        sys.exit("Tesseract is not installed: apt-get install tesseract-ocr")
    pages, total, rendering, words = 0, 0.0, 0.0, 0
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        for page in doc:
            geometry = page_geometry(page)
            t0 = time.perf_counter()
            render_page(page, geometry, settings)
            t1 = time.perf_counter()
            words += len(engine.read(page, geometry, timeout_s=600).words)
            total += time.perf_counter() - t1
            rendering += t1 - t0
            pages += 1
            page.close()
        doc.close()
    return pages, total, rendering, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=8)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--languages", default="eng")
    args = parser.parse_args()
    settings = OcrSettings(languages=args.languages, dpi=args.dpi)
    with tempfile.TemporaryDirectory(prefix="kpo-bench-ocr-") as tmp:
        paths = scanned_pdfs(Path(tmp), args.docs, args.seed)
        pages, seconds, rendering, words = bench(paths, settings)
    print(
        f"OCR {args.dpi} dpi, {args.languages}: {pages} pages, {words} words in {seconds:.1f} s: "
        f"{pages / seconds:.2f} pages/s per worker ({seconds / pages:.2f} s/page; "
        f"rendering {rendering / seconds:.0%} of it)"
    )


if __name__ == "__main__":
    main()
