"""A held-out evaluation of the document-type classifier, grouped by source.

Near-duplicates must not sit on both sides of a split: real documents of one filer
share templates, and generated near misses of one template share layout and wording.
``held_out`` runs a grouped K-fold cross-validation (``GroupKFold``) over the training
examples, where each example carries its group: ``real:<filer>`` for a real document,
``template:<near_kind:template>`` for a near miss, ``seed:<seed>`` for any other
generated document. Every prediction is made by a model that saw no document of the
same group. It reports accuracy and the confusion matrix on the real documents, on
the near misses (also per kind) and on the other generated documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import GroupKFold

from kpo.models.classifier import DocTypeClassifier
from kpo.records import DOC_TYPES

GROUPING = (
    "GroupKFold over the training data: real documents grouped by filer (source_group), "
    "near misses by generator template, other generated documents by seed"
)


@dataclass(frozen=True, slots=True)
class Example:
    """One training document: its text, type, source group, kind and weight in the fit."""

    text: str
    label: str
    group: str
    kind: str = ""
    weight: float = 1.0


def scores(labels: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy and the confusion matrix (rows: true, columns: predicted, DOC_TYPES order)."""
    if not labels:
        return {"n": 0}
    return {
        "n": len(labels),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "labels": list(DOC_TYPES),
        "confusion": confusion_matrix(labels, predicted, labels=list(DOC_TYPES)).tolist(),
    }


def subset(example: Example) -> str:
    if example.group.startswith("real:"):
        return "real"
    return "near_miss" if example.kind.startswith("near_") else "generated"


def out_of_fold(params: dict[str, Any], pool: Sequence[Example], folds: int) -> list[str]:
    """Each example's type as predicted by a model fitted on the other groups' folds."""
    groups = [e.group for e in pool]
    splits = GroupKFold(n_splits=min(folds, len(set(groups))))
    predicted = [""] * len(pool)
    for train, test in splits.split(pool, groups=groups):
        model = DocTypeClassifier(**params).fit(
            [pool[i].text for i in train],
            [pool[i].label for i in train],
            [pool[i].weight for i in train],
        )
        for i, label in zip(test, model.predict([pool[i].text for i in test]), strict=True):
            predicted[i] = str(label)
    return predicted


def by_kind(pool: Sequence[Example], predicted: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Accuracy per near-miss kind (``near_policy``), pooled over its templates."""
    out: dict[str, list[int]] = {}
    for example, label in zip(pool, predicted, strict=True):
        if subset(example) == "near_miss":
            right = out.setdefault(example.kind.split(":")[0], [0, 0])
            right[0] += int(label == example.label)
            right[1] += 1
    return {k: {"n": n, "accuracy": round(ok / n, 4)} for k, (ok, n) in sorted(out.items())}


def held_out(params: dict[str, Any], pool: Sequence[Example], folds: int) -> dict[str, Any]:
    """Grouped cross-validated scores of ``DocTypeClassifier(**params)`` on ``pool``."""
    predicted = out_of_fold(params, pool, folds)
    report: dict[str, Any] = {"folds": folds, "grouping": GROUPING}
    for name in ("real", "near_miss", "generated"):
        chosen = [i for i, e in enumerate(pool) if subset(e) == name]
        report[name] = scores([pool[i].label for i in chosen], [predicted[i] for i in chosen])
    report["near_miss_by_kind"] = by_kind(pool, predicted)
    sets = sorted({e.kind for e in pool if subset(e) == "real"})
    report["real_by_set"] = {
        s.removeprefix("real:"): scores(
            [e.label for e in pool if e.kind == s],
            [p for e, p in zip(pool, predicted, strict=True) if e.kind == s],
        )
        for s in sets
    }
    return report
