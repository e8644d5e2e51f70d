"""Words across process boundaries: a tuple of ``Word`` against columns (``Words``).

A page's words are pickled in the extraction sandbox child and unpickled in the worker,
pickled again to the driver and unpickled, then turned into the pages table. This
extracts real documents (``../shared/corpus/pdfs``, skipped with a message if absent)
and a generated batch as the sandbox child does (OCR included), then measures, in CPU
seconds, old and new alternated ``--repeat`` times (medians):

* ``convert``: the new path only: ``Words`` made from the producers' tuples of ``Word``
  (``Page.__post_init__``, in the child);
* ``hop``: ``pickle.dumps`` + ``pickle.loads`` of each document, once (two hops a
  document in a batch);
* ``materialise``: the new path only: the ``Word`` objects the models ask for;
* ``rows``: the pages record batch: old, one dict a word and ``RecordBatch.from_pylist``
  (re-created here as it was); new, ``kpo.record_batches.rows_to_batch``.

The old documents are the same documents with each page's words a tuple of ``Word`` in
a page record like ``Page`` (``_OldPage``). The two record batches are checked equal.

    .venv/bin/python benchmarks/bench_words.py [--docs 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from kpo.datasets.generator import generate_corpus
from kpo.extractors.sandbox_child import DEFAULT_OCR, answer
from kpo.record_batches import rows_to_batch
from kpo.records import ExtractedDocument, Page, Word
from kpo.rows import page_row
from kpo.schema import PAGES, with_version
from kpo.settings import Limits
from kpo.textsafe import all_clean, clean_text
from kpo.words import Words

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "pdfs"
SCHEMA = with_version(PAGES)
KEYS = {"client": "bench", "batch_id": "b", "doc_id": "d"}


@dataclass(frozen=True, slots=True)
class _OldPage:
    """``Page`` as it was: the words a tuple of ``Word``."""

    page_number: int
    width: float
    height: float
    text: str
    words: tuple[Word, ...]
    tables: tuple[Any, ...] = ()
    source: str = "pdfium"
    image_count: int = 0
    needs_ocr: bool = False
    ocr_reason: str | None = None
    ocr_confidence: float | None = None


def extract(paths: list[Path]) -> list[ExtractedDocument]:
    docs = []
    for i, path in enumerate(paths):
        reply = answer(str(path), f"d{i}", Limits(), DEFAULT_OCR)
        if reply[0] == "ok":
            docs.append(reply[1])
    return docs


def old_document(doc: ExtractedDocument) -> tuple[Any, ...]:
    """The document's pages as ``_OldPage`` records, in a tuple like ``ExtractedDocument``."""
    pages = tuple(
        _OldPage(**{**{f: getattr(p, f) for f in Page.__slots__}, "words": tuple(p.words)})
        for p in doc.pages
    )
    return (doc.doc_id, doc.path, doc.meta, pages, doc.seconds)


def old_batch(pages: list[Any]) -> pa.RecordBatch:
    """The pages rows as they were made: one dict a word, ``RecordBatch.from_pylist``."""
    rows = []
    for p in pages:
        words = p.words
        if not all_clean(w.text for w in words):
            words = tuple(
                Word(clean_text(w.text), w.x0, w.top, w.x1, w.bottom, w.size, w.conf) for w in words
            )
        row = page_row(KEYS, Page(p.page_number, p.width, p.height, p.text, ()))
        row.update(
            source=p.source, needs_ocr=p.needs_ocr, ocr_reason=p.ocr_reason,
            image_count=p.image_count, ocr_confidence=p.ocr_confidence,
            word_count=len(words), words=[_word_dict(w) for w in words],
        )  # fmt: skip
        rows.append(row)
    return pa.RecordBatch.from_pylist(rows, schema=SCHEMA)


def _word_dict(w: Word) -> dict[str, Any]:
    return {"text": w.text, "x0": w.x0, "top": w.top, "x1": w.x1, "bottom": w.bottom,
            "size": w.size, "conf": w.conf}  # fmt: skip


def cpu(task: Callable[[], object]) -> float:
    start = time.process_time()
    task()
    return time.process_time() - start


def hop(docs: list[Any]) -> None:
    for doc in docs:
        pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))


def fresh(docs: list[ExtractedDocument]) -> list[ExtractedDocument]:
    """The documents as a worker gets them: unpickled, no ``Word`` object made yet."""
    return [pickle.loads(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)) for d in docs]


def measure(name: str, docs: list[ExtractedDocument], repeat: int) -> None:
    if not docs:
        raise SystemExit(f"{name}: no document could be extracted")
    olds = [old_document(d) for d in docs]
    old_pages = [p for d in olds for p in d[3]]
    tuples = [tuple(p.words) for d in docs for p in d.pages]
    pages = len(old_pages)
    got = rows_to_batch([page_row(KEYS, p) for d in docs for p in d.pages], SCHEMA)
    assert got.equals(old_batch(old_pages)), "the pages batches differ"
    times: dict[str, list[float]] = {}
    for _ in range(repeat):  # old and new alternated
        unread = fresh(docs)
        runs = {
            "hop old": lambda: hop(olds),
            "hop new": lambda: hop(docs),
            "convert new": lambda: [Words(t) for t in tuples],
            "materialise new": lambda unread=unread: [
                p.words.as_tuple() for d in unread for p in d.pages
            ],
            "rows old": lambda: old_batch(old_pages),
            "rows new": lambda: rows_to_batch(
                [page_row(KEYS, p) for d in docs for p in d.pages], SCHEMA
            ),
        }
        for key, task in runs.items():
            times.setdefault(key, []).append(cpu(task))
    t = {key: statistics.median(values) for key, values in times.items()}
    words = sum(len(w) for w in tuples)
    print(f"\n{name}: {len(docs)} documents, {pages} pages, {words} words")
    print(f"{'CPU':<34}{'old s':>9}{'new s':>9}{'old ms/page':>13}{'new ms/page':>13}{'ratio':>8}")
    new_hop = t["hop new"]
    rows = [
        ("one hop (dumps + loads)", t["hop old"], new_hop),
        ("rows (pages record batch)", t["rows old"], t["rows new"]),
        (
            "two hops + rows, new with convert",
            2 * t["hop old"] + t["rows old"],
            t["convert new"] + 2 * new_hop + t["materialise new"] + t["rows new"],
        ),
    ]
    for label, old, new in rows:
        ratio = old / new if new else float("inf")
        per_old, per_new = 1000 * old / pages, 1000 * new / pages
        print(f"{label:<34}{old:>9.3f}{new:>9.3f}{per_old:>13.3f}{per_new:>13.3f}{ratio:>7.1f}x")
    print(f"new only: convert from Word tuples {t['convert new']:.3f} s, "
          f"materialise for the models {t['materialise new']:.3f} s")  # fmt: skip


def generated(n: int, seed: int) -> list[Path]:
    folder = HERE / ".cache" / f"words-{n}-{seed}"
    if not (folder / "labels.jsonl").exists():
        generate_corpus(folder, n, seed)
    return sorted((folder / "pdfs").rglob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="generated documents")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if CORPUS.is_dir():
        measure(str(CORPUS), extract(sorted(CORPUS.rglob("*.pdf"))), args.repeat)
    else:
        print(f"{CORPUS} is absent: the corpus is skipped")
    measure("generated batch", extract(generated(args.docs, args.seed)), args.repeat)


if __name__ == "__main__":
    main()
