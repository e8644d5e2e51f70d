"""OCR quality: field F1 on scanned variants vs their born-digital originals, and the corpus.

1. Generates ``--n`` documents (seed ``--seed``, all in the test split) with a scanned
   variant of each, runs ``kpo.evaluation.evaluate`` in-process on the born-digital and on the
   scanned half, and prints doc-type accuracy and field micro F1 of both.
2. On the real corpus (``KPO_CORPUS`` or ../shared/corpus), for the files labelled
   ``scanned``: extraction with OCR, the predicted type, and the recall of the gold
   fields' tokens in the recovered text.

    .venv/bin/python benchmarks/eval_ocr.py --n 24 --seed 606
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import LabelRecord, read_labels, write_labels
from kpo.evaluation.evaluate import evaluate

_TOKEN = re.compile(r"\w+", re.UNICODE)
DESCRIPTIVE = ("subtype", "form_type")  # labels that describe a file, not text printed in it


def _subset(root: Path, name: str, records: list[LabelRecord]) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "pdfs").symlink_to(root / "all" / "pdfs")
    write_labels(folder / "labels.jsonl", records)
    return folder


def generated(n: int, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kpo-ocr-eval-") as tmp:
        root = Path(tmp)
        records = generate_corpus(root / "all", n, seed, split_ratios=(0, 0, 1), scanned_share=1.0)
        for name, scanned in (("born_digital", False), ("scanned", True)):
            subset = [r for r in records if r.scanned == scanned]
            result = evaluate(_subset(root, name, subset)).result
            micro = result.field_micro
            print(
                f"{name:13s} docs={result.n_documents:3d} type_acc={result.doc_type_accuracy:.3f} "
                f"field_f1={result.field_micro_f1:.3f} p={micro.precision or 0:.3f} "
                f"r={micro.recall or 0:.3f}"
            )


def _gold_tokens(record: LabelRecord) -> set[str]:
    values: list[str] = []
    for key, value in record.fields.items():
        if key in DESCRIPTIVE:
            continue
        values.extend(value if isinstance(value, list) else [str(value)])
    return {t.lower() for v in values for t in _TOKEN.findall(v) if len(t) > 2}


def corpus(folder: Path) -> None:
    from kpo.extractors.sandbox import extract_in_process
    from kpo.models.classifier import DocumentClassifier
    from kpo.records import ExtractedDocument, InputFile

    classifier = DocumentClassifier()
    for record in (r for r in read_labels(folder / "labels.jsonl") if r.scanned):
        path = folder / "pdfs" / record.file
        doc = extract_in_process(InputFile(str(path), record.sha256, path.stat().st_size))
        assert isinstance(doc, ExtractedDocument)
        predicted = classifier(doc).doc_type
        text = {t.lower() for t in _TOKEN.findall(doc.text)}
        gold = _gold_tokens(record)
        recall = len(gold & text) / len(gold) if gold else float("nan")
        sources = ",".join(f"{p.source}/{p.ocr_reason or '-'}" for p in doc.pages)
        print(
            f"{record.file:55s} gold={record.doc_type:14s} predicted={predicted:14s} "
            f"gold_token_recall={recall:.2f} ({len(gold)} tokens) pages={sources}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=24)
    parser.add_argument("--seed", type=int, default=606)
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args()
    if not args.skip_generated:
        generated(args.n, args.seed)
    root = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    folder = Path(os.environ.get("KPO_CORPUS") or root)
    if (folder / "labels.jsonl").exists():
        corpus(folder)


if __name__ == "__main__":
    main()
