"""Train the value-confidence model on real labelled documents, and measure it honestly.

``train_value_confidence(out_dir, [labelled_dir, ...])`` reads labelled sets in the
corpus format (``labels.jsonl`` and ``pdfs/``; e.g. the CUAD contracts of
``../shared/corpus-train``), extracts every PDF with kpo's own extractor, runs the
field extractor of the labelled type with raw confidences, describes each value
(``kpo.models.value_features``) and judges it against the gold with the scorer's
rule. Only fields a row labels are judged: in these sets a missing key means "not
known", never "absent". Documents are grouped by their source (the filer of an
EDGAR exhibit, say), and every figure on the card is cross-validated by group: the
model that scores a document never saw its source. The final model is fitted on all
of it and saved as ``value_confidence.skops`` beside ``value_confidence.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import GroupKFold

from kpo.datasets.labels import LabelRecord, read_labels
from kpo.errors import KpoError
from kpo.models.metrics import auroc, automation_at, automation_curve
from kpo.models.metrics import expected_calibration_error as ece

from .confidence import CONFIDENCE_CARD, CONFIDENCE_FILE, Features, ValueConfidence, describe

Judged = tuple[dict[str, float | str], int, str]  # features, right (1) or wrong (0), group
_WORKER: dict[str, Any] = {}


def source_group(record: LabelRecord) -> str:
    """The source a document came from: its filer for an EDGAR exhibit, else its name.

    CUAD names a file ``FILER_DATE_FORM_...``; documents of one filer share templates,
    so they are kept in one fold.
    """
    source = str(record.extra.get("source_path") or record.file)
    return PurePosixPath(source).name.split("_")[0].lower() or record.file


def source_folds(records: Sequence[LabelRecord], k: int = 5) -> dict[str, int]:
    """Each source group's fold, 0 to k-1: the groups in a fixed pseudo-random order,
    dealt round-robin (the same records always give the same folds)."""
    groups = sorted({source_group(r) for r in records},
                    key=lambda g: hashlib.sha256(g.encode()).hexdigest())  # fmt: skip
    return {g: i % k for i, g in enumerate(groups)}


def _judge_document(task: tuple[str, LabelRecord, str | None, str | None]) -> list[Judged]:
    """The judged values of one labelled document (run in a worker process)."""
    root, record, spacy_model, model_dir = task
    from kpo.extractors.pdf import extract_document
    from kpo.models.fields import FieldExtractor
    from kpo.models.train_calibration import judge
    from kpo.models.value_features import document_features

    key = f"fields:{model_dir}"
    if key not in _WORKER:  # once per worker process and model folder
        _WORKER[key] = FieldExtractor(spacy_model, model_dir, calibrate=False)
    extractor = _WORKER[key]
    try:
        doc = extract_document(str(Path(root) / "pdfs" / record.file), record.sha256 or record.file)
    except KpoError:
        return []
    values = [v for v in extractor(doc, record.doc_type).values if v.name in record.fields]
    features = document_features(values, doc)
    found = [(v.name, v.value, v.confidence, v.extractor) for v in values]
    order = [k for field in sorted({v.name for v in values})
             for k, v in enumerate(values) if v.name == field]  # fmt: skip
    group = source_group(record)
    return [
        (features[k], ok, group) for (_, ok), k in zip(judge(record, found), order, strict=True)
    ]


def collect_real(
    roots: Sequence[Path],
    spacy_model: str | None = None,
    workers: int | None = None,
    model_dir: Path | None = None,
    folds: Mapping[str, int] | None = None,
    fold_dir: Path | None = None,
) -> tuple[list[Judged], dict[str, int]]:
    """Judge the raw values of every labelled document under ``roots``; and counts.

    ``model_dir``: the folder whose extraction models (the contract rankers) make the
    values, as ``kpo run`` with it would (None: the packaged models). With ``folds``
    (source group -> fold) and ``fold_dir``, a document of fold K is read with the
    models of ``fold_dir/K`` instead, fitted without its fold (``train_contracts``).
    """

    def models_of(record: LabelRecord) -> str | None:
        if folds is not None and fold_dir is not None and source_group(record) in folds:
            return str(fold_dir / str(folds[source_group(record)]))
        return None if model_dir is None else str(model_dir)

    tasks = [
        (str(root), record, spacy_model, models_of(record))
        for root in roots
        for record in read_labels(Path(root) / "labels.jsonl")
        if record.doc_type != "other" and record.fields
    ]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        judged = [row for part in pool.map(_judge_document, tasks, chunksize=4) for row in part]
    counts = {"documents": len(tasks), "values": len(judged),
              "groups": len({g for _, _, g in judged})}  # fmt: skip
    return judged, counts


def value_figures(p: Sequence[float], y: Sequence[int]) -> dict[str, Any]:
    pairs = [(float(c), bool(ok)) for c, ok in zip(p, y, strict=True)]
    value = ece(pairs)
    return {
        "n": len(pairs),
        "accuracy": round(sum(y) / len(y), 4),
        "ece": None if value is None else round(value, 4),
        "auroc": None if (a := auroc(pairs)) is None else round(a, 4),
        "automation_at_98": round(automation_at(automation_curve(pairs), 0.98), 4),
    }


def cross_validate(model: ValueConfidence, judged: Sequence[Judged]) -> dict[str, Any]:
    """Figures of the model on values it never saw: out-of-fold booster scores, each
    mapped by an isotonic curve fitted on the other folds' scores; folds by group."""
    rows: list[Features] = [f for f, _, _ in judged]
    y = np.array([ok for _, ok, _ in judged])
    groups = [g for _, _, g in judged]
    scores = model.out_of_fold(rows, y.tolist(), groups)
    calibrated = np.zeros(len(y))
    low, high = model.clip
    for train, test in GroupKFold(n_splits=model.n_splits).split(scores, y, groups):
        iso = IsotonicRegression(y_min=low, y_max=high, out_of_bounds="clip")
        calibrated[test] = iso.fit(scores[train], y[train]).predict(scores[test])
    by_field = Counter(str(r["field"]) for r in rows)
    return {
        "folds": model.n_splits,
        "grouped_by": "source",
        "all": value_figures(calibrated.tolist(), y.tolist()),
        "by_field": {
            field: value_figures(
                [p for p, r in zip(calibrated, rows, strict=True) if r["field"] == field],
                [int(ok) for ok, r in zip(y, rows, strict=True) if r["field"] == field],
            )
            for field in sorted(by_field)
        },
    }


def _digest(judged: Sequence[Judged]) -> str:
    blob = json.dumps([[sorted(f.items()), ok, g] for f, ok, g in judged], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def train_value_confidence(
    out_dir: Path,
    roots: Sequence[Path],
    *,
    spacy_model: str | None = None,
    workers: int | None = None,
    folds: Mapping[str, int] | None = None,
    fold_dir: Path | None = None,
) -> dict[str, Any]:
    """Collect, cross-validate, fit and save; return the card (also written to disk).

    ``folds`` and ``fold_dir``: see ``collect_real`` (out-of-fold extraction models).
    """
    judged, counts = collect_real(roots, spacy_model, workers, out_dir, folds, fold_dir)
    cv = cross_validate(ValueConfidence(), judged)
    model = ValueConfidence().fit([f for f, _, _ in judged], [ok for _, ok, _ in judged],
                                  [g for _, _, g in judged])  # fmt: skip
    doc_types = sorted({r.doc_type for root in roots
                        for r in read_labels(Path(root) / "labels.jsonl") if r.fields})  # fmt: skip
    model.doc_types_ = [t for t in doc_types if t != "other"]
    digest = _digest(judged)
    model.version_ = f"valueconf-{digest[:8]}"
    card = {
        "model_version": model.version_,
        "model": describe(model),
        "data": {"sets": [Path(r).name for r in roots], **counts, "sha256": digest},
        "cross_validated": cv,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / CONFIDENCE_FILE)
    (out_dir / CONFIDENCE_CARD).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
