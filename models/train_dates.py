"""Train the contract date ranker on real labelled contracts, cross-validated by filer.

``train_date_ranker(out_dir, [labelled_dir, ...])`` extracts every contract that labels
an agreement or effective date, proposes its dates (``date_candidates``) and labels each
per field by the scorer's date rule; a field a row does not label is unknown, never
"absent", and is left out of that field's fit and figures. Figures are out of fold
(``GroupKFold`` by filer, 5 folds); each field's threshold is the one of its best
out-of-fold F1, with the rules' F1 on the same documents beside it. The final model is
saved as ``date_ranker.skops`` beside ``date_ranker.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from kpo.datasets.labels import LabelRecord, read_labels
from kpo.errors import KpoError
from kpo.normalise.match import values_match
from kpo.records import ExtractedDocument

from .date_candidates import DATE_FIELDS, FEATURE_NAMES, DateCandidate, date_candidates
from .date_ranker import DATE_RANKER_CARD, DATE_RANKER_FILE, DateRanker, best
from .fields_common import Hit
from .fields_contract import extract_contract
from .train_confidence import source_group
from .train_parties import THRESHOLDS, Load, extract, f1, worker_nlp


@dataclass(frozen=True, slots=True)
class DatedDoc:
    """The date candidates of one contract, labels per field (-1: not labelled), rules."""

    group: str
    gold: dict[str, str]
    candidates: tuple[DateCandidate, ...]
    labels: dict[str, tuple[int, ...]]
    rules: dict[str, str]


def dated_doc(doc: ExtractedDocument, record: LabelRecord, hits: Sequence[Hit]) -> DatedDoc:
    """The labelled date candidates of one contract; ``hits`` are the rules' hits."""
    candidates = tuple(date_candidates(doc, hits))
    gold = {f: str(record.fields[f]) for f in DATE_FIELDS if record.fields.get(f)}
    labels = {
        f: tuple(int(values_match(f, gold[f], c.value)) if f in gold else -1 for c in candidates)
        for f in DATE_FIELDS
    }
    rules = {h.name: h.value for h in hits if h.name in DATE_FIELDS}
    return DatedDoc(source_group(record), gold, candidates, labels, rules)


def _dated_doc(task: tuple[str, LabelRecord, str | None, Load]) -> DatedDoc | None:
    root, record, spacy_model, load = task
    nlp = worker_nlp(spacy_model)
    try:
        doc = load(root, record)
    except KpoError:
        return None
    return dated_doc(doc, record, extract_contract(doc, nlp))


def collect_dates(
    roots: Sequence[Path], spacy_model: str | None = None, workers: int | None = None,
    load: Load = extract,
) -> list[DatedDoc]:  # fmt: skip
    """The labelled date candidates of every contract under ``roots`` that labels a date."""
    tasks = [
        (str(root), record, spacy_model, load)
        for root in roots
        for record in read_labels(Path(root) / "labels.jsonl")
        if record.doc_type == "contract" and any(record.fields.get(f) for f in DATE_FIELDS)
    ]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return [d for d in pool.map(_dated_doc, tasks, chunksize=4) if d is not None]


def _counts(gold: str, predicted: str | None, field: str) -> tuple[int, int, int]:
    if predicted is None:
        return 0, 0, 1
    return (1, 0, 0) if values_match(field, gold, predicted) else (0, 1, 1)


def _oof(docs: Sequence[DatedDoc], folds: int) -> list[dict[str, list[float]]]:
    groups = [d.group for d in docs]
    out: list[dict[str, list[float]]] = [{} for _ in docs]
    for train, test in GroupKFold(n_splits=min(folds, len(set(groups)))).split(
        np.zeros(len(docs)), groups=groups
    ):
        rows = [c.features for i in train for c in docs[i].candidates]
        y = {f: [v for i in train for v in docs[i].labels[f]] for f in DATE_FIELDS}
        fitted = DateRanker().fit(rows, y)
        for i in test:
            scores = fitted.scores([c.features for c in docs[i].candidates])
            out[i] = {f: s.tolist() for f, s in scores.items()}
    return out


def _field_f1(docs: Sequence[DatedDoc], scores: Sequence[dict[str, list[float]]], field: str,
              t: float) -> dict[str, float]:  # fmt: skip
    counts = []
    for d, s in zip(docs, scores, strict=True):
        if field in d.gold:
            chosen = best(d.candidates, s.get(field, []), t) if d.candidates else None
            counts.append(_counts(d.gold[field], chosen[0].value if chosen else None, field))
    return f1(counts)


def cross_validate_dates(docs: Sequence[DatedDoc], folds: int = 5) -> dict[str, Any]:
    scores = _oof(docs, folds)
    out: dict[str, Any] = {"folds": folds, "grouped_by": "source (filer)", "fields": {}}
    for field in DATE_FIELDS:
        by_t = {t: _field_f1(docs, scores, field, t) for t in THRESHOLDS}
        top = max(THRESHOLDS, key=lambda t: (by_t[t]["f1"], -abs(t - 0.5)))
        rules = f1([_counts(d.gold[field], d.rules.get(field), field)
                    for d in docs if field in d.gold])  # fmt: skip
        labelled = [d for d in docs if field in d.gold]
        bound = sum(any(y == 1 for y in d.labels[field]) for d in labelled) / max(1, len(labelled))
        out["fields"][field] = {
            "threshold": float(top),
            "ranker": by_t[top],
            "rules": rules,
            "documents": len(labelled),
            "candidate_recall_bound": round(bound, 4),
        }
    return out


def train_date_ranker(
    out_dir: Path, roots: Sequence[Path], *, spacy_model: str | None = None,
    workers: int | None = None, folds: int = 5, load: Load = extract,
) -> dict[str, Any]:  # fmt: skip
    """Collect, cross-validate, fit and save; return the card (also written to disk)."""
    docs = collect_dates(roots, spacy_model, workers, load)
    return fit_date_ranker(out_dir, docs, [Path(r).name for r in roots], folds)


def fit_date_ranker(
    out_dir: Path, docs: Sequence[DatedDoc], sets: Sequence[str], folds: int = 5
) -> dict[str, Any]:
    """Cross-validate, fit and save the ranker of collected documents; return the card."""
    rows = [c.features for d in docs for c in d.candidates]
    y = {f: [v for d in docs for v in d.labels[f]] for f in DATE_FIELDS}
    with threadpool_limits(1):
        cv = cross_validate_dates(docs, folds)
        thresholds = {f: cv["fields"][f]["threshold"] for f in DATE_FIELDS}
        model = DateRanker(thresholds=thresholds).fit(rows, y)
    blob = json.dumps([[d.group, d.gold, [c.value for c in d.candidates]] for d in docs])
    model.version_ = f"dates-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"
    card = {
        "model_version": model.version_,
        "model": {
            "kind": "HistGradientBoostingClassifier per field",
            "features": list(FEATURE_NAMES),
            "thresholds": thresholds,
        },
        "data": {
            "sets": list(sets),
            "documents": len(docs),
            "groups": len({d.group for d in docs}),
        },
        "cross_validated": cv,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / DATE_RANKER_FILE)
    (out_dir / DATE_RANKER_CARD).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
