"""Cross-validated figures on real training data beside ../shared/corpus: the overfitting gap.

Every part of a model folder that ``kpo train --real`` fits on real data states on its
card what it scored on data it never saw, K folds grouped by source (the filer of an
EDGAR contract, the normalised title of a paper): the classifier (``metrics.held_out``),
the contract party and date rankers, the value confidences and the paper-header
labeller. This script gathers those figures, runs ``kpo eval`` (in-process) on the
evaluation corpus with the same models, and prints both side by side with their gap
(corpus minus cross-validated). The corpus never trains or tunes anything.

    .venv/bin/python benchmarks/bench_generalisation.py
    .venv/bin/python benchmarks/bench_generalisation.py --models DIR --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from kpo.models.paths import default_model_dir

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
Row = tuple[str, float | None, float | None]


def _get(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def cross_validated(parts: dict[str, Any]) -> dict[str, float | None]:
    """measure -> cross-validated figure, from the cards of a model folder's parts."""
    out: dict[str, float | None] = {}
    held_out = _get(parts, "classifier", "metrics", "held_out") or {}
    out["doc_type_accuracy (real contracts)"] = _get(held_out, "real", "accuracy")
    out["doc_type_accuracy (near misses)"] = _get(held_out, "near_miss", "accuracy")
    out["contract.parties F1"] = _get(
        parts, "party_ranker", "cross_validated", "parties_field", "f1"
    )
    for field in ("agreement_date", "effective_date"):
        out[f"contract.{field} F1"] = _get(
            parts, "date_ranker", "cross_validated", "fields", field, "ranker", "f1"
        )
    header = _get(parts, "header_labeller", "cross_validated", "by_field") or {}
    for field, figures in header.items():
        out[f"research_paper.{field} F1"] = figures.get("value_f1")
    confidence = _get(parts, "value_confidence", "cross_validated", "all") or {}
    out["contract ECE"] = confidence.get("ece")
    out["contract AUROC"] = confidence.get("auroc")
    out["contract automation@98"] = confidence.get("automation_at_98")
    return out


def corpus_figures(result: dict[str, Any]) -> dict[str, float | None]:
    """The same measures from a ``kpo eval --json`` result."""
    fields = result["fields"]
    out: dict[str, float | None] = {"doc_type_accuracy": result["doc_type_accuracy"]}
    for key in ("contract.parties", "contract.agreement_date", "contract.effective_date"):
        out[f"{key} F1"] = fields[key]["f1"]
    for field in ("title", "authors", "year", "doi", "arxiv_id"):
        out[f"research_paper.{field} F1"] = fields[f"research_paper.{field}"]["f1"]
    out["all ECE"], out["all AUROC"] = result["ece"], result["auroc"]
    out["all automation@98"] = result["automation_at_98"]
    out["field micro F1"] = result["field_micro_f1"]
    return out


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=default_model_dir())
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    card = json.loads((args.models / "kpo_models.json").read_text())
    cv = cross_validated(card["parts"])
    from kpo.evaluation.evaluate import evaluate

    t0, w0 = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory() as ws:
        result = evaluate(args.corpus, workspace=Path(ws), model_dir=str(args.models))
    corpus = corpus_figures(result.result.as_dict())
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - t0 + children.ru_utime + children.ru_stime
    print(f"models {card['version']}; corpus {args.corpus} ({cpu:.0f} CPU-s, "
          f"{time.perf_counter() - w0:.0f} s wall)\n")  # fmt: skip
    print(f"{'measure':32}{'cross-validated':>16}{'corpus':>10}{'gap':>8}")
    for measure in dict.fromkeys([*cv, *corpus]):
        a, b = cv.get(measure), corpus.get(measure)
        gap = None if a is None or b is None else b - a
        print(f"{measure:32}{_fmt(a):>16}{_fmt(b):>10}{_fmt(gap):>8}")


if __name__ == "__main__":
    main()
