"""ECE, reliability bins, the automation curve and the AUROC on tiny examples worked by hand."""

from __future__ import annotations

import pytest

from kpo.models.metrics import (
    auroc,
    automation_at,
    automation_curve,
    expected_calibration_error,
    reliability_bins,
)


def test_ece_by_hand() -> None:
    # Bin 0.9-1.0: three values at 0.95, two correct: |2/3 - 0.95| * 3/4 = 0.2125.
    # Bin 0.1-0.2: one value at 0.15, wrong: |0 - 0.15| * 1/4 = 0.0375. Total 0.25.
    pairs = [(0.95, True), (0.95, True), (0.95, False), (0.15, False)]
    assert expected_calibration_error(pairs) == pytest.approx(0.25)


def test_ece_is_zero_when_confidence_equals_accuracy() -> None:
    pairs = [(0.5, True), (0.5, False), (1.0, True)]
    assert expected_calibration_error(pairs) == pytest.approx(0.0)


def test_ece_without_values_is_none() -> None:
    assert expected_calibration_error([]) is None


def test_reliability_bins_edges_and_counts() -> None:
    bins = reliability_bins([(0.0, False), (0.1, True), (0.99, True), (1.0, True)])
    assert len(bins) == 10
    assert (bins[0].lower, bins[0].upper) == (0.0, 0.1)
    assert [b.count for b in bins] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]  # 1.0 in the last bin
    assert bins[9].mean_confidence == pytest.approx(0.995)
    assert bins[9].accuracy == 1.0
    assert bins[5].accuracy is None


def test_automation_curve_by_hand() -> None:
    pairs = [(0.99, True), (0.9, True), (0.9, True), (0.8, False), (0.7, True)]
    curve = automation_curve(pairs)
    assert [p.threshold for p in curve] == [0.99, 0.9, 0.8, 0.7]
    assert [p.accepted for p in curve] == [1, 3, 4, 5]
    assert [p.accepted_share for p in curve] == pytest.approx([0.2, 0.6, 0.8, 1.0])
    assert [p.accuracy for p in curve] == pytest.approx([1.0, 1.0, 0.75, 0.8])
    assert automation_at(curve, 0.98) == pytest.approx(0.6)
    assert automation_at(curve, 0.75) == pytest.approx(1.0)


def test_automation_at_is_zero_when_no_threshold_is_accurate_enough() -> None:
    assert automation_at(automation_curve([(0.9, False), (0.4, True)])) == 0.0
    assert automation_at(automation_curve([])) == 0.0


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(0.9, True), (0.1, False)], 1.0),  # the wrong value ranked below the right one
        ([(0.1, True), (0.9, False)], 0.0),  # above it
        ([(0.5, True), (0.5, False)], 0.5),  # a tie counts as half
        # right {0.9, 0.8}, wrong {0.8, 0.1}: 1 + 1 + 0.5 + 1 of 4 pairs.
        ([(0.9, True), (0.8, False), (0.8, True), (0.1, False)], 0.875),
        # right {0.7, 0.7, 0.2}, wrong {0.7, 0.2}: (0.5 + 1) * 2 + (0 + 0.5) of 6 pairs.
        ([(0.7, True), (0.7, True), (0.7, False), (0.2, True), (0.2, False)], 3.5 / 6),
        ([(1.0, True), (1.0, True), (1.0, False)], 0.5),  # one confidence for all: chance
    ],
)
def test_auroc_by_hand(pairs: list[tuple[float, bool]], expected: float) -> None:
    assert auroc(pairs) == pytest.approx(expected)


def test_auroc_does_not_depend_on_the_order_of_the_pairs() -> None:
    pairs = [(0.3, False), (0.9, True), (0.6, True), (0.6, False), (0.95, False), (0.2, True)]
    assert auroc(pairs) == pytest.approx(auroc(list(reversed(pairs))))
    assert auroc(pairs) == pytest.approx(auroc(sorted(pairs)))


@pytest.mark.parametrize(
    "pairs", [[], [(0.9, True), (0.2, True)], [(0.9, False)], [(0.5, False), (0.5, False)]]
)
def test_auroc_is_none_with_only_right_or_only_wrong_values(
    pairs: list[tuple[float, bool]],
) -> None:
    assert auroc(pairs) is None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auroc_matches_scikit_learn_on_random_data(seed: int) -> None:
    np = pytest.importorskip("numpy")
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    correct = rng.random(500) < 0.7
    # Confidences that partly track correctness, rounded to two digits so many tie.
    confidence = np.round(np.clip(0.5 * rng.random(500) + 0.3 * correct, 0.0, 1.0), 2)
    pairs = [(float(c), bool(ok)) for c, ok in zip(confidence, correct, strict=True)]
    expected = metrics.roc_auc_score(correct, confidence)
    assert 0.6 < expected < 0.99  # neither trivial nor chance
    assert auroc(pairs) == pytest.approx(expected, abs=1e-12)
