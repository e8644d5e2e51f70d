"""Train the paper-header labeller on GROBID's corpus, with confidences from real outcomes.

``train_header_model(out_dir, folder)`` reads a copy of GROBID's header training
corpus (``kpo.datasets.grobid``), and:

1. cross-validates the labeller (``header_model``): K folds grouped by the paper's
   normalised gold title, so the corpus' duplicate annotations never sit on both
   sides; every paper is labelled by models that never saw it;
2. judges each out-of-fold value (``header_values``) against the gold values of the same
   paper (letters and digits compared, as kpo's scorer compares titles and names);
3. fits, per field, an isotonic map from the model's mean probability to the rate of
   right values on those out-of-fold values, clipped to ``CLIP``: the value confidences
   kpo reports for papers. The card's figures (value F1, ECE, AUROC, automation at 98%)
   are cross-validated once more: each fold's values are mapped by the curve fitted on
   the other folds;
4. fits the labeller on every paper and saves it with the curves (``header_model``).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import resource
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import GroupKFold

from kpo.datasets.grobid import HeaderPaper, read_corpus

from .fields_layout import alnum
from .header_model import HeaderLabeller, Labelled
from .header_tokens import HeaderToken, from_rows
from .header_values import PAPER_FIELDS, header_values
from .train_confidence import value_figures

FOLDS = 5
CLIP = (0.02, 0.98)
HEADER_VERSION = "header-crf-gbm-1"


@dataclass(frozen=True, slots=True)
class HeaderSet:
    """Token sequences, each token's field, and each paper's group."""

    tokens: list[list[HeaderToken]]
    fields: list[list[str]]
    groups: list[str]


def group_key(paper: HeaderPaper) -> str:
    """The paper's gold title, lower-cased, letters and digits only (else its id)."""
    title = "".join(t.row.text for t in paper.tokens if t.field == "title")
    return re.sub(r"\W", "", title.lower()) or paper.paper_id


def is_header_corpus(folder: Path | str) -> bool:
    """Whether ``folder`` is laid out as GROBID's header corpus (``tei/`` and ``raw/``)."""
    return (Path(folder) / "tei").is_dir() and (Path(folder) / "raw").is_dir()


def read_training(folders: Path | str | Sequence[Path]) -> HeaderSet:
    """The labelled papers of one or more copies of GROBID's header corpus."""
    roots = [folders] if isinstance(folders, Path | str) else list(folders)
    papers = [p for root in roots for p in read_corpus(root).papers if p.tokens]
    return HeaderSet(
        [from_rows([t.row for t in p.tokens]) for p in papers],
        [[t.field for t in p.tokens] for p in papers],
        [group_key(p) for p in papers],
    )


def data_version(data: HeaderSet) -> str:
    """A digest of the training data: new data gives the model a new version."""
    blob = json.dumps([data.groups, [len(t) for t in data.tokens], data.fields])
    return f"{HEADER_VERSION}-{hashlib.sha256(blob.encode()).hexdigest()[:10]}"


_DATA: dict[str, HeaderSet] = {}


Parts = tuple[Any, bytes, dict[str, int]]  # what HeaderLabeller is made of, picklable


def _fold(task: tuple[list[int], list[int]]) -> list[list[Labelled]] | Parts:
    """Labels of the held-out papers; with none held out, the fitted model's parts."""
    train, test = task
    data = _DATA["set"]
    model = HeaderLabeller.fit([data.tokens[i] for i in train], [data.fields[i] for i in train])
    if not test:
        return model.lines, model.crf, model.cues
    return [model.label(data.tokens[i]) for i in test]


def _splits(data: HeaderSet, k: int) -> list[tuple[list[int], list[int]]]:
    folds = GroupKFold(n_splits=k).split(data.tokens, groups=data.groups)
    return [(list(a), list(b)) for a, b in folds]


def out_of_fold(
    data: HeaderSet, k: int = FOLDS, jobs: int = 2
) -> tuple[list[list[Labelled]], HeaderLabeller]:
    """Each paper's labels from the fold model that did not see its group, and the
    model fitted on every paper (trained beside the folds, so no core waits)."""
    splits = _splits(data, k)
    _DATA["set"] = data
    everything: tuple[list[int], list[int]] = (list(range(len(data.tokens))), [])
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        parts, *results = pool.map(_fold, [everything, *splits], chunksize=1)  # longest first
    labelled: list[list[Labelled]] = [[] for _ in data.tokens]
    for (_, test), fold in zip(splits, results, strict=True):
        assert isinstance(fold, list)
        for i, labels in zip(test, fold, strict=True):
            labelled[i] = labels
    assert isinstance(parts, tuple)
    return labelled, HeaderLabeller(*parts)


@dataclass(frozen=True, slots=True)
class Judged:
    field: str
    probability: float
    right: bool
    paper: int


def judge(
    data: HeaderSet, labelled: Sequence[Sequence[Labelled]]
) -> tuple[list[Judged], Counter[str]]:
    """Every predicted value judged against the gold, and the gold values per field."""
    judged: list[Judged] = []
    gold_counts: Counter[str] = Counter()
    for i, (tokens, fields) in enumerate(zip(data.tokens, data.fields, strict=True)):
        gold = header_values(tokens, [Labelled(f, 1.0) for f in fields])
        gold_keys = {(v.field, alnum(v.value)) for v in gold}
        gold_counts.update(v.field for v in gold)
        for value in header_values(tokens, labelled[i]):
            right = (value.field, alnum(value.value)) in gold_keys
            judged.append(Judged(value.field, value.probability, right, i))
    return judged, gold_counts


def _curve(p: np.ndarray, y: np.ndarray) -> IsotonicRegression:
    return IsotonicRegression(y_min=CLIP[0], y_max=CLIP[1], out_of_bounds="clip").fit(p, y)


def _field_figures(
    judged: Sequence[Judged], gold: Counter[str], splits: Sequence[tuple[list[int], list[int]]]
) -> dict[str, Any]:
    """Value F1 and the cross-validated calibration figures of one field's values."""
    fold_of = {i: k for k, (_, test) in enumerate(splits) for i in test}
    p = np.array([j.probability for j in judged])
    y = np.array([int(j.right) for j in judged])
    folds = np.array([fold_of[j.paper] for j in judged])
    calibrated = np.zeros(len(judged))
    for k in range(len(splits)):
        train, test = folds != k, folds == k
        if test.any() and len(set(y[train])) == 2:
            calibrated[test] = _curve(p[train], y[train]).predict(p[test])
        elif test.any():
            calibrated[test] = y[train].mean() if train.any() else 0.5
    field = judged[0].field if judged else ""
    tp = int(y.sum())
    figures = value_figures(calibrated.tolist(), y.tolist()) if len(y) else {}
    f1 = 2 * tp / max(len(y) + gold[field], 1)
    return {"value_f1": round(f1, 4), "gold": gold[field], "predicted": len(y), **figures}


def curves(judged: Sequence[Judged]) -> dict[str, dict[str, list[float]]]:
    """Per field, the isotonic curve (its breakpoints) from probability to P(right)."""
    out: dict[str, dict[str, list[float]]] = {}
    for field in PAPER_FIELDS:
        rows = [j for j in judged if j.field == field]
        y = np.array([int(j.right) for j in rows])
        if len(set(y.tolist())) < 2:
            continue
        iso = _curve(np.array([j.probability for j in rows]), y)
        out[field] = {"x": iso.X_thresholds_.tolist(), "y": iso.y_thresholds_.tolist()}
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def train_header_model(
    out_dir: Path,
    folders: Path | str | Sequence[Path],
    *,
    folds: int = FOLDS,
    jobs: int | None = None,
) -> dict[str, Any]:
    """Cross-validate, calibrate and save the labeller into ``out_dir``; return its card.

    ``folders``: one or more copies of GROBID's header corpus (see ``is_header_corpus``).
    """
    t0, w0 = time.process_time(), time.perf_counter()
    jobs = jobs or min(2, os.cpu_count() or 1)
    data = read_training(folders)
    roots = [folders] if isinstance(folders, Path | str) else list(folders)
    labelled, model = out_of_fold(data, folds, jobs)
    judged, gold = judge(data, labelled)
    splits = _splits(data, folds)
    by_field = {
        f: _field_figures([j for j in judged if j.field == f], gold, splits) for f in PAPER_FIELDS
    }
    card = {
        "model_version": data_version(data),
        "data": {"papers": len(data.tokens), "tokens": sum(map(len, data.tokens)),
                 "groups": len(set(data.groups)), "sources": [Path(r).name for r in roots]},
        "cross_validated": {"folds": folds, "grouped_by": "normalised gold title",
                            "by_field": by_field},
        "curves": curves(judged),
        "clip": list(CLIP),
        "training_cpu_s": round(time.process_time() - t0 + _children_cpu(), 1),
        "training_wall_s": round(time.perf_counter() - w0, 1),
    }  # fmt: skip
    model.save(out_dir, card)
    return card
