"""Calibrate field confidences: a raw heuristic confidence -> the probability of being right.

``FieldCalibrator`` is a scikit-learn-style estimator over rows ``(confidence, field,
extractor)`` and labels ``1`` (the value matched the gold) or ``0``. It fits a
hierarchy of monotone maps:

- an isotonic regression for each ``field|extractor`` and each ``field`` with at
  least ``min_group`` values,
- a logistic (Platt) map over the logit of the raw confidence for everything.

A row is mapped by its most specific fitted group; a group's estimate is shrunk
towards its parent's by ``n / (n + smoothing)``, so small groups lean on the pooled
map. Outside the range of raw confidences a group saw, it follows its parent (no
higher than its lowest value below, no lower than its highest above). Every map
is monotone in the raw confidence. Probabilities are clipped to
``clip``. Learned state is plain numbers and arrays, saved with ``skops`` and
loaded only when every stored type is on ``TRUSTED_TYPES``.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from kpo.errors import Errors, ModelError
from kpo.models.persist import PLAIN_TYPES, load_skops, save_skops

CALIBRATION_FILE = "fields_calibration.skops"
CARD_FILE = "fields_calibration.json"
TRUSTED_TYPES = PLAIN_TYPES | {"kpo.models.calibration.FieldCalibrator"}

Row = tuple[float, str, str]  # raw confidence, field name, extractor id
Curve = tuple[NDArray[np.float64], NDArray[np.float64], int]  # x, y, group size
_EPS = 1e-4


def _logit(p: NDArray[np.float64]) -> NDArray[np.float64]:
    q = np.clip(p, _EPS, 1 - _EPS)
    out: NDArray[np.float64] = np.log(q / (1 - q))
    return out


def group_keys(field: str, extractor: str) -> tuple[str, str]:
    """The group keys of a row, most specific first."""
    return f"{field}|{extractor}", field


def _columns(X: Sequence[Row]) -> tuple[NDArray[np.float64], list[str], list[str]]:
    rows = list(X)
    conf = np.array([float(r[0]) for r in rows], dtype=np.float64).reshape(-1)
    return conf, [str(r[1]) for r in rows], [str(r[2]) for r in rows]


class FieldCalibrator(BaseEstimator):  # type: ignore[misc]
    """Map raw field confidences to calibrated probabilities (see the module doc).

    ``min_group``: values a group needs for its own isotonic map; ``smoothing``:
    pseudo-count of the shrinkage towards the parent map; ``clip``: bounds of the
    output; ``C``: inverse regularisation of the pooled logistic map.
    """

    def __init__(
        self,
        *,
        min_group: int = 25,
        smoothing: float = 20.0,
        clip: tuple[float, float] = (0.02, 0.99),
        C: float = 1.0,
    ) -> None:
        self.min_group = min_group
        self.smoothing = smoothing
        self.clip = clip
        self.C = C

    def fit(self, X: Sequence[Row], y: Sequence[int] | NDArray[Any]) -> FieldCalibrator:
        conf, fields, extractors = _columns(X)
        target = np.asarray(y, dtype=np.float64).reshape(-1)
        if len(conf) != len(target) or len(conf) == 0:
            raise ValueError(f"need as many labels as rows (>0); got {len(conf)} and {len(target)}")
        self.platt_ = self._fit_platt(conf, target)
        self.curves_: dict[str, Curve] = {}
        keys = [group_keys(f, e) for f, e in zip(fields, extractors, strict=True)]
        for level in (1, 0):  # fields first, so a field|extractor group can use its parent
            for key in sorted({k[level] for k in keys}):
                mask = np.array([k[level] == key for k in keys])
                if mask.sum() >= self.min_group:
                    self.curves_[key] = self._fit_isotonic(conf[mask], target[mask])
        self.n_samples_ = len(conf)
        self.version_ = "unversioned"
        return self

    def _fit_platt(
        self, conf: NDArray[np.float64], target: NDArray[np.float64]
    ) -> tuple[float, float]:
        if len(set(target.tolist())) < 2:
            rate = float(np.clip(target.mean(), _EPS, 1 - _EPS))
            return 0.0, float(np.log(rate / (1 - rate)))
        model = LogisticRegression(C=self.C).fit(_logit(conf).reshape(-1, 1), target.astype(int))
        return max(0.0, float(model.coef_[0, 0])), float(model.intercept_[0])  # monotone

    def _fit_isotonic(self, conf: NDArray[np.float64], target: NDArray[np.float64]) -> Curve:
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(conf, target)
        x = np.asarray(iso.X_thresholds_, dtype=np.float64)
        y = np.asarray(iso.y_thresholds_, dtype=np.float64)
        return x, y, len(conf)

    def _check(self, method: str) -> None:
        if not hasattr(self, "curves_"):
            raise ModelError(Errors.E203.format(method=method))

    def _platt(self, conf: float) -> float:
        slope, intercept = self.platt_
        z = slope * float(_logit(np.array([conf]))[0]) + intercept
        return float(1.0 / (1.0 + np.exp(-z)))

    def _shrunk(self, key: str, conf: float, parent: float) -> float:
        curve = self.curves_.get(key)
        if curve is None:
            return parent
        x, y, n = curve
        own = float(np.interp(conf, x, y))
        if conf < x[0]:  # below what the group saw: no more than its lowest, as the parent
            own = min(parent, own)
        elif conf > x[-1]:
            own = max(parent, own)
        weight = n / (n + self.smoothing)
        return weight * own + (1 - weight) * parent

    def predict_one(self, confidence: float, field: str, extractor: str) -> float:
        """The calibrated probability of one value."""
        self._check("predict")
        specific, family = group_keys(field, extractor)
        p = self._shrunk(family, confidence, self._platt(confidence))
        p = self._shrunk(specific, confidence, p)
        low, high = self.clip
        return round(float(min(high, max(low, p))), 4)

    def predict(self, X: Sequence[Row]) -> NDArray[np.float64]:
        """Calibrated probabilities, one per row."""
        self._check("predict")
        return np.array([self.predict_one(c, f, e) for c, f, e in X], dtype=np.float64)

    def predict_proba(self, X: Sequence[Row]) -> NDArray[np.float64]:
        """Columns ``[P(wrong), P(right)]``, as a scikit-learn classifier returns."""
        p = self.predict(X)
        return np.column_stack([1 - p, p])

    def save(self, path: Path | str) -> None:
        self._check("save")
        save_skops(self, path)

    @classmethod
    def load(cls, path: Path | str) -> FieldCalibrator:
        """Load a calibrator saved by ``save``; refuses types outside ``TRUSTED_TYPES``."""
        return load_skops(path, cls, TRUSTED_TYPES)


def default_calibration_path() -> Path:
    return Path(str(files("kpo.models") / "default" / CALIBRATION_FILE))


def load_calibrator(model_dir: str | Path | None = None) -> FieldCalibrator | None:
    """The calibrator in ``model_dir`` (None: the packaged default); None if absent."""
    path = default_calibration_path() if model_dir is None else Path(model_dir) / CALIBRATION_FILE
    return FieldCalibrator.load(path) if path.is_file() else None
