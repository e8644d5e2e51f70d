"""The date ranker: best candidate per field, its file, and extraction without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.errors import ModelError
from kpo.extractors.pdf import extract_document
from kpo.models.date_candidates import FEATURE_NAMES, DateCandidate
from kpo.models.date_ranker import DATE_RANKER_FILE, DateRanker, best, load_date_ranker
from kpo.models.fields import FieldExtractor

from .contract_pdfs import dated_contract, write_pdf


def _candidate(value: str, **features: float) -> DateCandidate:
    return DateCandidate(value, value, 1, 0, {n: features.get(n, 0.0) for n in FEATURE_NAMES})


def test_best_takes_the_top_score_when_it_reaches_the_threshold() -> None:
    found = [_candidate("2019-03-03"), _candidate("2021-02-14")]
    assert best(found, [0.7, 0.2], 0.5) == (found[0], 0.7)
    assert best(found, [0.4, 0.2], 0.5) is None
    assert best([], [], 0.5) is None


def test_a_fitted_ranker_saves_and_loads(tmp_path: Path) -> None:
    rows = [_candidate("x", cue_dated=float(i % 2), footer=float(i % 3 == 0)).features
            for i in range(60)]  # fmt: skip
    y = {"agreement_date": [i % 2 for i in range(60)], "effective_date": [-1] * 30 + [
        i % 2 for i in range(30)]}  # fmt: skip
    ranker = DateRanker(thresholds={"agreement_date": 0.4}, max_iter=20, min_samples_leaf=5)
    ranker.fit(rows, y).save(tmp_path / DATE_RANKER_FILE)
    loaded = load_date_ranker(tmp_path)
    assert loaded is not None and loaded.threshold("agreement_date") == 0.4
    assert loaded.threshold("effective_date") == 0.5
    scores = loaded.scores(rows[:2])
    assert scores["agreement_date"][1] > 0.5 > scores["agreement_date"][0]


def test_a_field_with_one_kind_of_label_cannot_be_fitted() -> None:
    rows = [_candidate("x").features] * 4
    with pytest.raises(ValueError, match="effective_date"):
        DateRanker().fit(rows, {"effective_date": [1, 1, -1, -1]})
    with pytest.raises(ModelError, match="E203"):
        DateRanker().scores(rows)


def test_without_a_ranker_file_the_rules_give_the_dates(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "d.pdf", dated_contract("March 3, 2019", in_preamble=True))
    (tmp_path / "models").mkdir()
    fields = FieldExtractor(model_dir=str(tmp_path / "models"), calibrate=False)
    assert fields.date_ranker is None
    found = fields(extract_document(str(path), "d"), "contract")
    dates = {v.name: v for v in found.values if v.name.endswith("_date")}
    assert dates["agreement_date"].value == "2019-03-03"
    assert dates["agreement_date"].extractor == "pattern.dated_as_of"
