"""ECE, reliability bins and the automation curve on tiny examples worked by hand."""

from __future__ import annotations

import pytest

from kpo.calibration_metrics import (
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
