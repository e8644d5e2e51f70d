"""The field-confidence calibrator: fit, predict, persistence, and its use in FieldExtractor."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from kpo.errors import ModelError
from kpo.models.calibration import CALIBRATION_FILE, FieldCalibrator, load_calibrator
from kpo.models.fields import FieldExtractor
from kpo.records import DocumentMeta, ExtractedDocument, Page, Word


def training_rows(n: int = 600, seed: int = 0) -> tuple[list[tuple[float, str, str]], list[int]]:
    """Titles are right as often as their raw confidence says; years only half as often."""
    rng = random.Random(seed)
    rows, labels = [], []
    for _ in range(n):
        conf = rng.uniform(0.3, 0.95)
        field = rng.choice(["title", "year"])
        rate = conf if field == "title" else conf / 2
        rows.append((conf, field, f"rule.{field}"))
        labels.append(int(rng.random() < rate))
    return rows, labels


@pytest.fixture(scope="module")
def fitted() -> FieldCalibrator:
    return FieldCalibrator(min_group=50).fit(*training_rows())


def test_learns_each_field_apart(fitted: FieldCalibrator) -> None:
    title = fitted.predict_one(0.9, "title", "rule.title")
    year = fitted.predict_one(0.9, "year", "rule.year")
    assert title > 0.75 and year < 0.6


def test_mapping_is_monotone_and_bounded(fitted: FieldCalibrator) -> None:
    grid = np.linspace(0.0, 1.0, 41)
    for field in ("title", "year", "unseen_field"):
        out = fitted.predict([(float(c), field, "some.extractor") for c in grid])
        assert np.all(np.diff(out) >= -1e-9)
        assert out.min() >= 0.0 and out.max() <= 1.0


def test_predict_proba_columns_sum_to_one(fitted: FieldCalibrator) -> None:
    proba = fitted.predict_proba([(0.5, "title", "rule.title"), (0.2, "year", "rule.year")])
    assert proba.shape == (2, 2) and np.allclose(proba.sum(axis=1), 1.0)


def test_save_load_roundtrip(fitted: FieldCalibrator, tmp_path: Path) -> None:
    fitted.version_ = "fieldcal-test"
    fitted.save(tmp_path / CALIBRATION_FILE)
    loaded = load_calibrator(tmp_path)
    assert loaded is not None and loaded.version_ == "fieldcal-test"
    rows = [(c, f, f"rule.{f}") for c in (0.2, 0.5, 0.8) for f in ("title", "year")]
    assert np.array_equal(loaded.predict(rows), fitted.predict(rows))


def test_unfitted_raises_e203() -> None:
    with pytest.raises(ModelError, match="E203"):
        FieldCalibrator().predict([(0.5, "title", "x")])


def test_untrusted_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / CALIBRATION_FILE
    sio.dump(LogisticRegression(), path)
    with pytest.raises(ModelError, match="E204"):
        FieldCalibrator.load(path)


def test_missing_file_means_raw_confidences(tmp_path: Path) -> None:
    assert load_calibrator(tmp_path) is None


def _doc() -> ExtractedDocument:
    lines = ["Claim No.: CL-2023-00412", "Claimant Name: Jordan Miles", "Date of Loss: 03/14/2023"]
    words, top = [], 40.0
    for line in lines:
        x = 50.0
        for token in line.split():
            words.append(Word(token, x, top, x + 5.0 * len(token), top + 10.0, 10.0))
            x += 5.0 * len(token) + 3.0
        top += 14.0
    page = Page(1, 612.0, 792.0, "\n".join(lines), tuple(words))
    return ExtractedDocument("id", "claim.pdf", DocumentMeta(page_count=1), (page,))


def test_field_extractor_applies_the_calibrator(tmp_path: Path) -> None:
    rows = [(c / 20, f, e) for c in range(2, 20) for f, e in
            [("claim_number", "text.label.claim_number"), ("date_of_loss", "x")]]  # fmt: skip
    labels = [int(i % 3 == 0) for i in range(len(rows))]  # right a third of the time
    model = FieldCalibrator(min_group=10).fit(rows, labels)
    model.version_ = "fieldcal-third"
    model.save(tmp_path / CALIBRATION_FILE)
    raw = FieldExtractor(calibrate=False)(_doc(), "claim")
    calibrated = FieldExtractor(model_dir=str(tmp_path))(_doc(), "claim")
    assert [v.value for v in raw.values] == [v.value for v in calibrated.values]
    assert [v.confidence for v in raw.values] != [v.confidence for v in calibrated.values]
    assert all(0.0 <= v.confidence <= 0.7 for v in calibrated.values)
    assert calibrated.model_version.endswith("+fieldcal-third")
