"""A learned ranker of a contract's dates: which one is the agreement date, which the effective.

``DateRanker`` holds one gradient-boosted tree model per field, trained on real labelled
contracts (``train_dates``) over the candidates of ``date_candidates``. For each field the
best candidate is the value when its score reaches the field's threshold (chosen on
out-of-fold predictions); otherwise the field stays missing. ``rank_dates`` replaces the
rules' date hits; without a ranker file (``date_ranker.skops``) extraction keeps the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from kpo.errors import Errors, ModelError
from kpo.records import ExtractedDocument

from .date_candidates import DATE_FIELDS, FEATURE_NAMES, DateCandidate, date_candidates
from .feature_rows import feature_matrix
from .fields_common import Hit
from .persist import PLAIN_TYPES, TREE_TYPES, load_skops, save_skops

DATE_RANKER_FILE = "date_ranker.skops"
DATE_RANKER_CARD = "date_ranker.json"
TRUSTED_TYPES = PLAIN_TYPES | TREE_TYPES | {"kpo.models.date_ranker.DateRanker"}
Features = Mapping[str, float]


def matrix(rows: Sequence[Features]) -> NDArray[np.float64]:
    """Feature rows as a matrix in ``FEATURE_NAMES`` order."""
    return feature_matrix(rows, FEATURE_NAMES)


class DateRanker(BaseEstimator):  # type: ignore[misc]
    """P(the date is the field's value) per field; ``thresholds`` per field (default 0.5)."""

    def __init__(
        self,
        *,
        thresholds: dict[str, float] | None = None,
        learning_rate: float = 0.05,
        max_iter: int = 200,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 10,
        random_state: int = 0,
    ) -> None:
        self.thresholds = thresholds
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def _booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            random_state=self.random_state,
        )

    def fit(self, X: Sequence[Features], y: Mapping[str, Sequence[int]]) -> DateRanker:
        """``y`` maps each field to one label per row (rows of unlabelled documents: -1)."""
        data = matrix(X)
        self.boosters_: dict[str, HistGradientBoostingClassifier] = {}
        for field, labels in y.items():
            target = np.asarray(labels, dtype=np.int64)
            known = target >= 0
            if len(set(target[known].tolist())) < 2:
                raise ValueError(f"need right and wrong dates of {field}")
            self.boosters_[field] = self._booster().fit(data[known], target[known])
        self.version_ = "unversioned"
        return self

    def scores(self, X: Sequence[Features]) -> dict[str, NDArray[np.float64]]:
        """Field -> P(right) of each row."""
        if not hasattr(self, "boosters_"):
            raise ModelError(Errors.E203.format(method="scores"))
        if not X:
            return {f: np.zeros(0) for f in self.boosters_}
        data = matrix(X)
        with threadpool_limits(1):
            return {f: b.predict_proba(data)[:, 1] for f, b in self.boosters_.items()}

    def threshold(self, field: str) -> float:
        return (self.thresholds or {}).get(field, 0.5)

    def save(self, path: Path | str) -> None:
        if not hasattr(self, "boosters_"):
            raise ModelError(Errors.E203.format(method="save"))
        save_skops(self, path)

    @classmethod
    def load(cls, path: Path | str) -> DateRanker:
        return load_skops(path, cls, TRUSTED_TYPES)


def load_date_ranker(model_dir: str | Path | None = None) -> DateRanker | None:
    """The date ranker in ``model_dir`` (None: the packaged default); None if absent."""
    from kpo.models.paths import default_model_dir

    folder = default_model_dir() if model_dir is None else Path(model_dir)
    path = folder / DATE_RANKER_FILE
    return DateRanker.load(path) if path.is_file() else None


def best(
    candidates: Sequence[DateCandidate], scores: Sequence[float], threshold: float
) -> tuple[DateCandidate, float] | None:
    """The best-scoring candidate if it reaches ``threshold``."""
    if not candidates:
        return None
    k = int(np.argmax(scores))
    return (candidates[k], float(scores[k])) if scores[k] >= threshold else None


def rank_dates(hits: Sequence[Hit], doc: ExtractedDocument, ranker: DateRanker) -> list[Hit]:
    """``hits`` with their agreement and effective dates chosen by the ranker."""
    candidates = date_candidates(doc, hits)
    scores = ranker.scores([c.features for c in candidates])
    out = [h for h in hits if h.name not in ranker.boosters_]
    for field, field_scores in scores.items():
        chosen = best(candidates, field_scores.tolist(), ranker.threshold(field))
        if chosen is not None:
            c, p = chosen
            out.append(Hit(field, c.value, c.raw, p, c.page_number, f"ranker.{field}",
                           start=c.start))  # fmt: skip
    return out


__all__ = ["DATE_FIELDS", "DateRanker", "best", "load_date_ranker", "rank_dates"]
