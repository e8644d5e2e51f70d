"""Confidence learned from real outcomes: P(value is right) from its features.

``ValueConfidence`` is a scikit-learn-style estimator over the rows of
``kpo.models.value_features`` (a mapping of feature name to number or category)
and labels ``1`` (the value matched the gold) or ``0``. It fits

- a gradient-boosted tree model (``HistGradientBoostingClassifier``) on the features:
  the raw heuristic score is one input among the value's shape, its place, what else
  was found and how the page was read, so it can rank a wrong value below a right one
  that the heuristic scored the same;
- an isotonic map from the model's score to the rate of right values, fitted on
  out-of-fold scores (``GroupKFold`` by ``groups``: the source of each document, so
  near-duplicate documents of one source never sit on both sides), which is what
  makes the probabilities honest on documents the model has not seen.

Probabilities are clipped to ``clip`` (a value that may be wrong never says 0.99).
``fields_`` are the field names it was trained on; ``doc_types_`` the document types
it answers for (other types keep the older ``FieldCalibrator``). Saved with skops and
loaded only when every stored type is on ``TRUSTED_TYPES``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from kpo.errors import Errors, ModelError
from kpo.models.persist import PLAIN_TYPES, TREE_TYPES, load_skops, save_skops
from kpo.models.value_features import CATEGORICAL, FEATURE_NAMES

CONFIDENCE_FILE = "value_confidence.skops"
CONFIDENCE_CARD = "value_confidence.json"
TRUSTED_TYPES = (
    PLAIN_TYPES
    | TREE_TYPES
    | {
        "kpo.models.confidence.ValueConfidence",
    }
)
Features = Mapping[str, float | str]


class ValueConfidence(BaseEstimator):  # type: ignore[misc]
    """P(right) of an extracted value from its features (see the module doc)."""

    def __init__(
        self,
        *,
        learning_rate: float = 0.05,
        max_iter: int = 200,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 20,
        n_splits: int = 5,
        clip: tuple[float, float] = (0.02, 0.98),
        random_state: int = 0,
    ) -> None:
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.n_splits = n_splits
        self.clip = clip
        self.random_state = random_state

    def _booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            categorical_features=list(range(len(CATEGORICAL))),
            random_state=self.random_state,
        )

    def _matrix(self, X: Sequence[Features]) -> NDArray[np.float64]:
        """Rows as numbers: categories by their index in ``categories_`` (unseen: missing)."""
        out = np.empty((len(X), len(FEATURE_NAMES)), dtype=np.float64)
        for i, row in enumerate(X):
            for j, name in enumerate(FEATURE_NAMES):
                value = row[name]
                if name in CATEGORICAL:
                    codes = self.categories_[name]
                    out[i, j] = codes.index(str(value)) if str(value) in codes else np.nan
                else:
                    out[i, j] = float(value)
        return out

    def out_of_fold(
        self, X: Sequence[Features], y: Sequence[int], groups: Sequence[str]
    ) -> NDArray[np.float64]:
        """Booster scores of each row from a model that never saw its group.

        Learns ``categories_`` (the values of the categorical features) from ``X``.
        """
        self.categories_ = {c: sorted({str(r[c]) for r in X}) for c in CATEGORICAL}
        matrix, target = self._matrix(X), np.asarray(y, dtype=np.int64)
        scores = np.zeros(len(target), dtype=np.float64)
        splits = min(self.n_splits, len(set(groups)))
        for train, test in GroupKFold(n_splits=splits).split(matrix, target, list(groups)):
            booster = self._booster().fit(matrix[train], target[train])
            scores[test] = booster.predict_proba(matrix[test])[:, 1]
        return scores

    def fit(
        self, X: Sequence[Features], y: Sequence[int], groups: Sequence[str] | None = None
    ) -> ValueConfidence:
        """Fit on rows ``X`` with labels ``y``; ``groups`` (default: each row its own) keep
        a source's documents in one fold when the isotonic map is fitted out of fold."""
        target = np.asarray(y, dtype=np.int64)
        if len(X) != len(target) or len(set(target.tolist())) < 2:
            raise ValueError("need one label per row, both right and wrong values")
        groups = [str(i) for i in range(len(X))] if groups is None else list(groups)
        scores = self.out_of_fold(X, target.tolist(), groups)
        low, high = self.clip
        iso = IsotonicRegression(y_min=low, y_max=high, out_of_bounds="clip").fit(scores, target)
        self.iso_x_ = np.asarray(iso.X_thresholds_, dtype=np.float64)
        self.iso_y_ = np.asarray(iso.y_thresholds_, dtype=np.float64)
        self.booster_ = self._booster().fit(self._matrix(X), target)
        self.fields_ = sorted({str(r["field"]) for r in X})
        self.doc_types_: list[str] = []
        self.n_samples_ = len(target)
        self.version_ = "unversioned"
        return self

    def _check(self, method: str) -> None:
        if not hasattr(self, "booster_"):
            raise ModelError(Errors.E203.format(method=method))

    def predict(self, X: Sequence[Features]) -> NDArray[np.float64]:
        """P(right) of each row, calibrated and clipped."""
        self._check("predict")
        if not X:
            return np.zeros(0, dtype=np.float64)
        with threadpool_limits(1):  # a few rows: OpenMP threads cost more than they give
            scores = self.booster_.predict_proba(self._matrix(X))[:, 1]
        low, high = self.clip
        calibrated = np.interp(scores, self.iso_x_, self.iso_y_)
        out: NDArray[np.float64] = np.round(np.clip(calibrated, low, high), 4)
        return out

    def predict_proba(self, X: Sequence[Features]) -> NDArray[np.float64]:
        """Columns ``[P(wrong), P(right)]``, as a scikit-learn classifier returns."""
        p = self.predict(X)
        return np.column_stack([1 - p, p])

    def answers_for(self, doc_type: str) -> bool:
        """Whether this model gives the confidences of ``doc_type``'s values."""
        self._check("answers_for")
        return doc_type in self.doc_types_

    def save(self, path: Path | str) -> None:
        self._check("save")
        save_skops(self, path)

    @classmethod
    def load(cls, path: Path | str) -> ValueConfidence:
        """Load a model saved by ``save``; refuses types outside ``TRUSTED_TYPES``."""
        return load_skops(path, cls, TRUSTED_TYPES)


def load_value_confidence(model_dir: str | Path | None = None) -> ValueConfidence | None:
    """The confidence model in ``model_dir`` (None: the packaged default); None if absent."""
    from kpo.models.paths import default_model_dir

    folder = default_model_dir() if model_dir is None else Path(model_dir)
    path = folder / CONFIDENCE_FILE
    return ValueConfidence.load(path) if path.is_file() else None


def describe(model: ValueConfidence) -> dict[str, Any]:
    """What a model card says of a fitted model."""
    return {
        "version": model.version_,
        "doc_types": model.doc_types_,
        "fields": model.fields_,
        "n_samples": model.n_samples_,
        "params": model.get_params(),
        "features": list(FEATURE_NAMES),
    }
