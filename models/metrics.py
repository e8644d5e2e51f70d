"""Calibration and automation metrics over (confidence, correct) pairs.

Each predicted field value is one pair. The reliability diagram and the expected
calibration error (ECE) use equal-width confidence bins; the automation curve
says, for each threshold, what share of values would be auto-accepted and how
often those accepted values are wrong. The AUROC says how well the confidences rank
the wrong values below the right ones, whatever their scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

Scored = tuple[float, bool]  # (confidence in [0, 1], the value is correct)

DEFAULT_BINS = 10
DEFAULT_MIN_ACCURACY = 0.98


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One confidence bin ``[lower, upper)`` (the last one includes 1.0)."""

    lower: float
    upper: float
    count: int
    mean_confidence: float | None  # None for an empty bin
    accuracy: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AutomationPoint:
    """Accepting every value with confidence >= ``threshold``."""

    threshold: float
    accepted: int
    accepted_share: float  # accepted / all predicted values
    accuracy: float  # correct share among the accepted
    error_rate: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _bin_of(confidence: float, n_bins: int) -> int:
    clamped = min(max(confidence, 0.0), 1.0)
    return min(int(clamped * n_bins), n_bins - 1)


def reliability_bins(
    pairs: Sequence[Scored], n_bins: int = DEFAULT_BINS
) -> tuple[ReliabilityBin, ...]:
    """Count, mean confidence and accuracy of each of ``n_bins`` equal-width bins."""
    if n_bins < 1:
        raise ValueError(f"n_bins must be at least 1, got {n_bins}")
    members: list[list[Scored]] = [[] for _ in range(n_bins)]
    for pair in pairs:
        members[_bin_of(pair[0], n_bins)].append(pair)
    return tuple(_bin(i, n_bins, m) for i, m in enumerate(members))


def _bin(i: int, n_bins: int, members: list[Scored]) -> ReliabilityBin:
    n = len(members)
    conf = sum(c for c, _ in members) / n if n else None
    acc = sum(ok for _, ok in members) / n if n else None
    return ReliabilityBin(i / n_bins, (i + 1) / n_bins, n, conf, acc)


def expected_calibration_error(pairs: Sequence[Scored], n_bins: int = DEFAULT_BINS) -> float | None:
    """sum over bins of (bin count / N) * |accuracy - mean confidence|; None without pairs."""
    if not pairs:
        return None
    total = len(pairs)
    return sum(
        b.count / total * abs(b.accuracy - b.mean_confidence)
        for b in reliability_bins(pairs, n_bins)
        if b.accuracy is not None and b.mean_confidence is not None
    )


def automation_curve(pairs: Sequence[Scored]) -> tuple[AutomationPoint, ...]:
    """One point per distinct confidence, from the highest threshold to the lowest."""
    ordered = sorted(pairs, key=lambda p: -p[0])
    total = len(ordered)
    points: list[AutomationPoint] = []
    correct = 0
    for i, (confidence, ok) in enumerate(ordered):
        correct += ok
        last_of_threshold = i + 1 == total or ordered[i + 1][0] != confidence
        if last_of_threshold:
            accepted = i + 1
            accuracy = correct / accepted
            points.append(
                AutomationPoint(confidence, accepted, accepted / total, accuracy, 1 - accuracy)
            )
    return tuple(points)


def automation_at(
    curve: Sequence[AutomationPoint], min_accuracy: float = DEFAULT_MIN_ACCURACY
) -> float:
    """The largest accepted share whose accepted values are at least ``min_accuracy``
    correct; 0.0 when no threshold reaches it."""
    shares = [p.accepted_share for p in curve if p.accuracy >= min_accuracy - 1e-12]
    return max(shares, default=0.0)


def auroc(pairs: Sequence[Scored]) -> float | None:
    """Area under the ROC curve of the confidences as a score for "correct".

    The chance that a random right value has a higher confidence than a random
    wrong one, ties counted as half (the Mann-Whitney U statistic over the number
    of right-wrong pairs): 1.0 ranks every wrong value below every right one, 0.5 is
    no better than chance. None when there are no right values or no wrong ones.
    """
    import numpy as np  # here, so that importing kpo stays fast

    confidence = np.array([c for c, _ in pairs], dtype=float)
    correct = np.array([ok for _, ok in pairs], dtype=bool)
    n_right = int(correct.sum())
    n_wrong = len(pairs) - n_right
    if n_right == 0 or n_wrong == 0:
        return None
    rank_sum = float(_average_ranks(confidence)[correct].sum())
    return (rank_sum - n_right * (n_right + 1) / 2) / (n_right * n_wrong)


def _average_ranks(values: Any) -> Any:
    """1-based ranks of ``values`` (a NumPy array), tied values sharing their mean rank."""
    import numpy as np

    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)  # rank of the last member of each group of equal values
    return (last - (counts - 1) / 2)[inverse]
